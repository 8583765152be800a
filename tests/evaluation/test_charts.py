"""The dashboard's charts: scales that cannot mislead, figures written as what they count, a
CSV and an SVG download of each that say what the page says, and the timeline's content."""

import csv
import io
import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from evaluation.models import Indicator, Measurement
from workplan.models import Activity, Contribution, ProgressUpdate, Status


def _dashboard(client, user, **params):
    client.force_login(user)
    return client.get(reverse("evaluation:dashboard"), params)


def _download(client, key, fmt, **params):
    response = client.get(reverse("evaluation:chart-download", args=[key, fmt]), params)
    assert response.status_code == 200
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return response, body.decode("utf-8-sig")  # the CSV starts with a BOM for Excel


@pytest.fixture
def indicators(workplan_2012):
    beyond = Indicator.objects.create(
        workplan=workplan_2012,
        code="2.6",
        name="Handbook copies distributed",
        unit="copies",
        baseline=Decimal("0"),
        target=Decimal("10"),
    )
    Measurement.objects.create(
        indicator=beyond, date=date(2013, 6, 1), value=Decimal("114.30"), source="Records"
    )
    halfway = Indicator.objects.create(
        workplan=workplan_2012,
        code="1.4",
        name="Trainees trained",
        unit="trainees",
        baseline=Decimal("0"),
        target=Decimal("90"),
    )
    Measurement.objects.create(
        indicator=halfway, date=date(2013, 6, 1), value=Decimal("45.00"), source="Records"
    )
    return beyond, halfway


def test_indicator_beyond_its_target_is_marked_without_stretching_the_scale(
    client, stc, workplan_2012, indicators
):
    response = _dashboard(client, stc)
    chart = response.context["charts"]["indicators"]
    svg = str(chart.svg)
    # The axis stops at 100 %: its last tick is 100 % and no tick reads 1,143 %.
    ticks = re.findall(r">(\d[\d,]*)%</text>", svg)
    assert ticks[-1] == "100" and "1,143" not in ticks
    # The indicator at 1,143 % is drawn to the end of the scale with an arrow and says so.
    assert svg.count('class="overflow"') == 1
    assert "114.3 copies · 1,143% of target" in svg
    # Figures as the thing they count: "45 trainees", never "45.00 trainees".
    assert "45 trainees · 50% of target" in svg
    html = response.content.decode()
    assert "45 trainees" in html and "45.00" not in html
    assert "1 of 2 indicators with a target have reached it; 1 are beyond it" in chart.summary


def test_budget_chart_draws_the_range_and_the_gap_on_one_axis_from_zero(client, stc, workplan_2012):
    Contribution.objects.create(
        workplan=workplan_2012,
        donor="Germany",
        amount_usd=Decimal("40000"),
        state="received",
        kind="earmarked",
        activity=Activity.objects.get(code="1.4"),
        date=date(2012, 6, 1),
    )
    chart = _dashboard(client, stc).context["charts"]["budget"]
    svg = str(chart.svg)
    # Full strand names, never cut.
    assert "1. Development of National/Regional Capacity Building Training Programmes" in svg
    assert "Contributions: US$40,000 received, US$0 pledged" in svg
    assert "gap US$35,000–US$80,000" in svg  # strand 1: 75,000-120,000 less 40,000
    assert ">US$0</text>" in svg  # the axis starts at zero


def test_each_chart_csv_says_what_the_page_tables_say(client, stc, workplan_2012):
    Contribution.objects.create(
        workplan=workplan_2012,
        donor="Norway",
        amount_usd=Decimal("12500"),
        state="pledged",
        kind="core",
        date=date(2012, 3, 1),
    )
    response = _dashboard(client, stc)
    figures = response.context["figures"]
    _response, body = _download(client, "budget", "csv")
    rows = list(csv.reader(io.StringIO(body)))
    assert rows[0][:3] == ["Strand", "Estimate low (US$)", "Estimate high (US$)"]
    for row, strand in zip(rows[1:], figures["budget"]["strands"], strict=True):
        assert row[0] == strand["label"]
        assert [Decimal(v) for v in row[1:3]] == [strand["minimum"], strand["maximum"]]
    _response, body = _download(client, "timeline", "csv")
    rows = list(csv.reader(io.StringIO(body)))
    assert [r[0] for r in rows[1:]] == [r["code"] for r in figures["activities"]["rows"]]
    assert rows[2][-1] == "1.1"  # 1.2 depends on 1.1


def test_svg_download_is_the_drawing_on_the_page(client, stc, workplan_2012):
    response = _dashboard(client, stc)
    download, body = _download(client, "timeline", "svg")
    assert download["Content-Type"].startswith("image/svg+xml")
    assert download["Content-Disposition"] == 'attachment; filename="timeline-2012-2014.svg"'
    assert body == str(response.context["charts"]["timeline"].svg)
    assert body.startswith('<svg xmlns="http://www.w3.org/2000/svg"')


def test_unknown_chart_or_format_is_404(client, stc, workplan_2012):
    client.force_login(stc)
    for key, fmt in (("nope", "csv"), ("budget", "exe"), ("map", "svg")):
        url = reverse("evaluation:chart-download", args=[key, fmt])
        assert client.get(url).status_code == 404


def test_chart_downloads_are_for_readers_only(client, nfp_kenya, workplan_2012):
    client.force_login(nfp_kenya)
    url = reverse("evaluation:chart-download", args=["budget", "csv"])
    assert client.get(url).status_code in (403, 404)


def test_timeline_has_a_bar_per_activity_actual_dates_and_the_plan_s_links(
    client, stc, workplan_2012, secretariat
):
    today = timezone.localdate()
    a11 = Activity.objects.get(code="1.1")
    a11.status = Status.COMPLETED
    a11.save()
    ProgressUpdate.objects.create(
        activity=a11,
        date=date(2012, 3, 1),
        phase=a11.phase,
        status=Status.IN_PROGRESS,
        note="Started.",
        author=secretariat,
    )
    ProgressUpdate.objects.create(
        activity=a11,
        date=date(2012, 9, 30),
        phase=a11.phase,
        status=Status.COMPLETED,
        note="Done.",
        author=secretariat,
    )
    chart = _dashboard(client, stc).context["charts"]["timeline"]
    svg = str(chart.svg)
    assert svg.count("bar bar-planned") == 14
    # Only 1.1 has started: one actual bar, in the colour of its status.
    assert svg.count("bar bar-actual") == 1
    assert 'class="bar bar-actual status-completed"' in svg
    row = next(r for r in chart.rows if r[0] == "1.1")
    assert (row[6], row[7]) == (date(2012, 3, 1), date(2012, 9, 30))
    # "Leads to": 1.1 -> 1.2 ... 1.5 -> 1.6, and five in strand 2: ten in the plan.
    assert svg.count('class="dependency"') == 10
    assert 'data-from="1.1" data-to="1.2"' in svg
    # The plan is in the past: no today line inside it, but a legend that names it.
    assert 'class="today"' not in svg and today.year > 2014
    assert ">Today</text>" in svg and ">Leads to</text>" in svg


def test_timeline_shows_today_and_milestones_of_a_current_plan(client, stc, workplan_2012):
    from needs.models import AssessmentRound

    today = timezone.localdate()
    workplan_2012.start_year, workplan_2012.end_year = today.year - 1, today.year + 1
    workplan_2012.save()
    AssessmentRound.objects.create(
        workplan=workplan_2012,
        title="Needs round",
        opens_on=today - timedelta(days=30),
        closes_on=today + timedelta(days=30),
    )
    svg = str(_dashboard(client, stc).context["charts"]["timeline"].svg)
    assert svg.count('class="today"') == 1
    assert "milestone milestone-round" in svg and "Needs round closes" in svg


def test_handbook_figures_are_on_the_dashboard(client, stc, workplan_2012):
    from handbook.models import Chapter, Edition, HandbookPlan, WorkStatus

    plan = HandbookPlan.objects.create(workplan=workplan_2012)
    edition = Edition.objects.create(plan=plan, language="en", version="1")
    for number, status in enumerate(
        [WorkStatus.PUBLISHED, WorkStatus.PUBLISHED, WorkStatus.DRAFTING], start=1
    ):
        Chapter.objects.create(edition=edition, number=number, title=f"C{number}", status=status)
    response = _dashboard(client, stc)
    chart = response.context["charts"]["handbook"]
    assert "2 of 3 chapters approved" in str(chart.svg)
    assert chart.rows[0][:2] == ["English v1", "Planned"]
    html = response.content.decode()
    assert 'id="handbook-table"' in html and 'id="chart-copies"' in html


def test_map_data_has_each_party_with_its_status(client, stc, workplan_2012, kenya, peru):
    from needs.models import AssessmentRound, CountryResponse

    today = timezone.localdate()
    assessment = AssessmentRound.objects.create(
        workplan=workplan_2012,
        title="Round",
        opens_on=today - timedelta(days=5),
        closes_on=today + timedelta(days=5),
    )
    CountryResponse.objects.create(
        round=assessment, country=kenya, status="submitted", submitted_at=timezone.now()
    )
    response = _dashboard(client, stc)
    countries = {c["iso2"]: c for c in response.context["map_data"]["countries"]}
    assert countries["KE"]["status"] == "submitted" and countries["KE"]["id"] == "404"
    assert countries["PE"]["status"] == "not_started"
    html = response.content.decode()
    assert (
        '<tr data-iso="KE" data-status="submitted"><td><a href="/countries/KE/">Kenya</a></td>'
        "<td>Submitted</td>" in html
    )
    # Each Party leads to its country profile, which the committee member may open.
    assert client.get("/countries/KE/").status_code == 200
    _download_response, body = _download(client, "map", "csv")
    assert "KE,Kenya,Submitted,0" in body.splitlines()


@pytest.mark.parametrize(
    ("language", "title", "summary"),
    [
        ("fr", "Calendrier des activités : dates prévues et réelles", "14 activités de janvier"),
        ("es", "Cronograma de actividades: fechas previstas y reales", "14 actividades de enero"),
    ],
)
def test_charts_speak_the_reader_s_language(client, stc, workplan_2012, language, title, summary):
    from django.utils import translation

    client.force_login(stc)
    with translation.override(language):
        response = client.get(reverse("evaluation:dashboard"), HTTP_ACCEPT_LANGUAGE=language)
    chart = response.context["charts"]["timeline"]
    assert chart.title == title
    assert chart.summary.startswith(summary)
    assert f'<title id="svg-timeline-title">{title}</title>' in str(chart.svg)


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "fr",
            [
                "Tableau de bord de l'avancement",
                "Rapport d'avancement imprimable",
                "Activités achevées",
                "Indicateurs par rapport à leurs cibles",
            ],
        ),
        (
            "es",
            [
                "Panel de avance",
                "Informe de avance imprimible",
                "Actividades completadas",
                "Indicadores frente a sus metas",
            ],
        ),
    ],
)
def test_the_dashboard_and_report_headings_are_in_the_reader_s_language(
    client, stc, workplan_2012, language, expected
):
    client.force_login(stc)
    dashboard = client.get(reverse("evaluation:dashboard"), HTTP_ACCEPT_LANGUAGE=language)
    html = dashboard.content.decode()
    for text in expected:
        assert text in html
    for english in ("Progress dashboard", "Activities completed", "Printable progress report"):
        assert english not in html
    report = client.get(reverse("evaluation:report"), HTTP_ACCEPT_LANGUAGE=language)
    html = report.content.decode()
    assert "Capacity-building progress report" not in html
    assert "Timeline of activities<" not in html
    assert "Evaluation results" not in html


def test_french_counts_of_parties_read_one_of_fifteen_parties():
    """ "1 Parties sur 15" is wrong French; "1 sur 15 Parties" is right whatever the count."""
    from django.utils import translation
    from django.utils.translation import gettext

    with translation.override("fr"):
        for msgid in (
            "%(n)s of %(total)s Parties (%(share)s)",
            "%(n)s of %(total)s Parties submitted",
            "%(n)s of %(total)s Parties submitted their needs assessment for %(round)s "
            "(%(share)s).",
        ):
            text = gettext(msgid) % {"n": 1, "total": 15, "share": "7 %", "round": "R"}
            assert text.startswith("1 sur 15 Parties"), text
