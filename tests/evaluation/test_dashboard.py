"""The Standing Committee dashboard, the printable report, its XLSX, and the JSON API."""

import io
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from evaluation.models import Answer, Indicator, Question, Questionnaire, Response
from tests.evaluation.conftest import build_questionnaire
from workplan import roles
from workplan.models import Activity, Contribution, Country, Status


@pytest.fixture
def contributions(workplan_2012):
    a14 = Activity.objects.get(code="1.4")
    Contribution.objects.create(
        workplan=workplan_2012,
        donor="Germany",
        amount_usd=Decimal("40000"),
        state="received",
        kind="earmarked",
        activity=a14,
        date=date(2012, 6, 1),
    )


def test_dashboard_shows_budget_totals_gap_and_links(client, stc, workplan_2012, contributions):
    client.force_login(stc)
    response = client.get(reverse("evaluation:dashboard"))
    html = response.content.decode()
    assert '<td class="text-end budget" id="overall-estimate">US$145,000–US$240,000</td>' in html
    assert '<td class="text-end budget" id="overall-received">US$40,000</td>' in html
    assert '<td class="text-end budget" id="overall-gap">US$105,000–US$200,000</td>' in html
    # Each figure links to the list behind it.
    assert f'href="{workplan_2012.get_absolute_url()}#strand-1"' in html
    assert f'href="{Activity.objects.get(code="2.3").get_absolute_url()}"' in html
    assert reverse("evaluation:indicator-list", args=[workplan_2012.slug]) in html
    for chart in ("chart-status", "chart-budget", "chart-timeline", "chart-indicators"):
        assert f'id="{chart}"' in html
    charts = response.context["charts"]
    assert [row[2] for row in charts["budget"].rows] == [Decimal("120000"), Decimal("120000"), 0]
    assert len(charts["timeline"].rows) == 14 and charts["timeline"].rows[0][4] == date(2012, 1, 1)


def test_dashboard_counts_activity_status_by_strand(client, stc, workplan_2012):
    Activity.objects.filter(code__in=["1.1", "1.2", "3.1"]).update(status=Status.COMPLETED)
    client.force_login(stc)
    response = client.get(reverse("evaluation:dashboard"))
    activities = response.context["figures"]["activities"]
    assert activities["by_status"]["completed"] == [2, 0, 1]
    assert activities["by_status"]["not_started"] == [4, 6, 1]
    assert "3 of 14 activities completed (21.43%)" in response.content.decode()


def test_filters_by_workplan_and_region(client, stc, workplan_2012):
    client.force_login(stc)
    response = client.get(
        reverse("evaluation:dashboard"), {"workplan": "2012-2014", "region": "africa"}
    )
    assert response.context["region"] == "africa"
    assert client.get(reverse("evaluation:dashboard"), {"workplan": "nope"}).status_code == 404
    ignored = client.get(reverse("evaluation:dashboard"), {"region": "mars"})
    assert ignored.context["region"] == ""


def test_printable_report_has_the_figures_and_a_date(client, scc, workplan_2012):
    client.force_login(scc)
    html = client.get(reverse("evaluation:report")).content.decode()
    assert "US$145,000–US$240,000" in html
    assert f"Figures as of {timezone.localdate():%-d %B %Y}" in html
    assert "evaluation/report.css" in html and "data-print" in html


def test_report_xlsx_has_the_same_figures_and_a_date(
    client, secretariat, workplan_2012, contributions
):
    client.force_login(secretariat)
    response = client.get(reverse("evaluation:report-xlsx"))
    assert timezone.localdate().isoformat() in response["Content-Disposition"]
    book = load_workbook(io.BytesIO(response.content))
    summary = {row[0]: row[1] for row in book["Summary"].values}
    assert summary["Date of the figures"].date() == timezone.localdate()  # a date cell
    budget = list(book["Budget (US$)"].values)
    overall = budget[-1]
    assert overall[0] == "Overall"
    assert (overall[1], overall[2], overall[5]) == (145000, 240000, 40000)
    assert len(list(book["Activities"].values)) == 15  # header + 14


def test_api_returns_the_dashboard_figures(client, stc, workplan_2012, contributions):
    client.force_login(stc)
    data = client.get(f"/api/dashboard/{workplan_2012.slug}/").json()
    assert data["workplan"]["slug"] == "2012-2014"
    assert data["budget"]["overall"]["minimum"] == "145000.00"
    assert data["budget"]["overall"]["maximum"] == "240000.00"
    assert data["budget"]["overall"]["received"] == "40000.00"
    assert data["activities"]["count"] == 14
    assert client.get("/api/dashboard/none/").status_code == 404


def test_api_is_in_the_openapi_schema(client, db):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json").content.decode()
    assert "/api/dashboard/{slug}/" in schema
    assert "Dashboard" in schema and "gap_max" in schema


# --- Bounded queries ------------------------------------------------------------------------


def _nfps_for(countries):
    from django.contrib.auth import get_user_model

    from workplan.models import FocalPoint

    User = get_user_model()
    users = User.objects.bulk_create(User(username=f"nfp-{c.iso2}") for c in countries)
    users = list(User.objects.filter(username__startswith="nfp-").order_by("username"))
    Group.objects.get(name=roles.NFP).user_set.add(*users)
    FocalPoint.objects.bulk_create(FocalPoint(user=u, country=c) for u, c in zip(users, countries))
    return users


def _fill(questionnaire, countries, users):
    now = timezone.now()
    responses = Response.objects.bulk_create(
        Response(
            questionnaire=questionnaire,
            respondent=u,
            country=c,
            status="submitted",
            submitted_at=now,
        )
        for u, c in zip(users, countries)
    )
    answers = []
    for n, response in enumerate(responses):
        for question in questionnaire.questions.all():
            kind = question.kind
            answers.append(
                Answer(
                    response=response,
                    question=question,
                    number=(n % 5) + 1 if kind in ("rating_1_5", "number") else None,
                    yes=bool(n % 2) if kind == "yes_no" else None,
                    text={"single": "English", "text": f"note {n}"}.get(kind, ""),
                    choices=["Policy"] if kind == "multiple" else [],
                )
            )
    Answer.objects.bulk_create(answers)


def _needs_round(workplan, countries):
    """Every one of the 130 Parties submitted the needs assessment (when needs has landed)."""
    try:
        from needs.models import AssessmentRound, CountryResponse
    except ImportError:
        return
    assessment_round = AssessmentRound.objects.create(
        workplan=workplan, title="2012", opens_on=date(2012, 1, 1), closes_on=date(2012, 6, 1)
    )
    now = timezone.now()
    CountryResponse.objects.bulk_create(
        CountryResponse(round=assessment_round, country=c, status="submitted", submitted_at=now)
        for c in countries
    )


def _trainings(countries):
    """Twenty regional trainings in 2013, each with 30 trainees from 13 countries."""
    try:
        from needs.models import TrainingEvent
    except ImportError:
        return
    events = TrainingEvent.objects.bulk_create(
        TrainingEvent(
            kind="regional",
            title=f"Training {n}",
            region=countries[n].region,
            start_date=date(2013, 1, 7) + timedelta(weeks=n),
            end_date=date(2013, 1, 10) + timedelta(weeks=n),
            trainees_women=15,
            trainees_men=14,
            trainees_other=1,
        )
        for n in range(20)
    )
    Through = TrainingEvent.participating_countries.through
    Through.objects.bulk_create(
        Through(trainingevent_id=event.pk, country_id=countries[(n * 13 + k) % 130].pk)
        for n, event in enumerate(events)
        for k in range(13)
    )


def _grow(workplan, activity, *, questionnaires):
    countries = list(Country.objects.parties().order_by("iso2")[:130])
    assert len(countries) == 130
    users = _nfps_for(countries)
    today = timezone.localdate()
    for n in range(questionnaires):
        q = build_questionnaire(
            activity, audience=Questionnaire.Audience.NFPS, today=today, title=f"Q{n}"
        )
        _fill(q, countries, users)
    for kind in Indicator.Computed.values:
        Indicator.objects.create(
            workplan=workplan, code=kind[:20], name=kind, unit="%", computed=kind
        )
    _needs_round(workplan, countries)
    _trainings(countries)
    Contribution.objects.bulk_create(
        Contribution(
            workplan=workplan,
            donor=f"D{n}",
            amount_usd=100,
            state="pledged",
            kind="core",
            date=today - timedelta(days=n),
        )
        for n in range(50)
    )


def test_dashboard_queries_do_not_grow_with_countries_and_answers(
    client,
    stc,
    workplan_2012,
    activity_14,
    django_assert_max_num_queries,
    django_capture_on_commit_callbacks,
):
    client.force_login(stc)
    # Session, user, roles 3; the current plan 1; activities 1; budget: strands, estimates,
    # contributions 3; needs: round, Parties per region, top needs 3; trainings: totals,
    # countries reached, by kind, by region 4; indicators, shared_with, measurements 3
    # (computed ones reuse the figures above); evaluations: questionnaires, ratings 2; plans
    # for the filter 1; actual dates and dependencies 2; milestones: rounds, events 2; map:
    # Parties, latest round, responses, trainees 4; handbook plan 1;
    # donors 1.
    bound = 30
    with django_assert_max_num_queries(bound):
        client.get(reverse("evaluation:dashboard"))
    with django_capture_on_commit_callbacks(execute=True):  # figures refresh at the commit
        _grow(workplan_2012, activity_14, questionnaires=3)
    assert Answer.objects.count() == 3 * 130 * 6  # 2,340 answers
    with django_assert_max_num_queries(bound):
        response = client.get(reverse("evaluation:dashboard"))
    figures = response.context["figures"]
    assert figures["needs"]["share"] == Decimal("99.24")  # 130 / 131
    assert (figures["trainings"]["total"], figures["trainings"]["countries_reached"]) == (600, 130)
    evaluations = response.context["figures"]["evaluations"]
    assert [row["submitted"] for row in evaluations] == [130, 130, 130]
    assert evaluations[0]["mean_rating"] == Decimal("3.00")  # 26 each of 1..5


def test_results_page_queries_do_not_grow_with_answers(
    client, stc, workplan_2012, activity_14, django_assert_max_num_queries
):
    _grow(workplan_2012, activity_14, questionnaires=1)
    questionnaire = Questionnaire.objects.get()
    client.force_login(stc)
    # Session, user, roles 3; questionnaire 1; questions, responses, answers, scores,
    # Parties per region 5.
    with django_assert_max_num_queries(9):
        response = client.get(reverse("evaluation:questionnaire-results", args=[questionnaire.pk]))
    assert '<span id="submitted-count">130</span>' in response.content.decode()
    assert Question.objects.count() == 6
