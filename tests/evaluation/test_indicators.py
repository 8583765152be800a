"""Every computed indicator against values worked out by hand, and measured indicators."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from evaluation.models import Convention, Indicator, Measurement
from evaluation.selectors.budget import budget_figures
from evaluation.selectors.indicators import HOW, indicator_compute, indicator_figures
from workplan.models import Activity, Contribution, Country, Status

needs = pytest.importorskip("needs.models")
C = Indicator.Computed


def indicator(workplan, kind):
    return Indicator.objects.create(
        workplan=workplan, code=kind[:20], name=str(kind.label), unit="%", computed=kind
    )


@pytest.fixture
def progress(workplan_2012):
    Activity.objects.filter(code__in=["1.1", "1.2"]).update(status=Status.COMPLETED)
    Activity.objects.filter(code="2.4").update(status=Status.CANCELLED)


@pytest.fixture
def money(workplan_2012):
    a14 = Activity.objects.get(code="1.4")
    common = {"workplan": workplan_2012, "date": date(2012, 6, 1)}
    Contribution.objects.create(
        donor="Germany", amount_usd=30000, state="pledged", kind="earmarked", activity=a14, **common
    )
    Contribution.objects.create(
        donor="Norway", amount_usd=15000, state="received", kind="earmarked", activity=a14, **common
    )
    Contribution.objects.create(
        donor="UNEP", amount_usd=10000, state="received", kind="core", **common
    )


@pytest.fixture
def needs_round(workplan_2012):
    assessment_round = needs.AssessmentRound.objects.create(
        workplan=workplan_2012,
        title="2012 needs",
        opens_on=date(2012, 2, 1),
        closes_on=date(2012, 5, 1),
    )
    now = timezone.now()
    for iso2, status in (
        ("KE", "submitted"),
        ("PE", "accepted"),
        ("AO", "draft"),
        ("AT", "returned"),
    ):
        needs.CountryResponse.objects.create(
            round=assessment_round,
            country=Country.objects.get(iso2=iso2),
            status=status,
            submitted_at=None if status in ("draft", "returned") else now,
        )
    return assessment_round


@pytest.fixture
def trainings(workplan_2012):
    ke, ao, pe, at = (Country.objects.get(iso2=c) for c in ("KE", "AO", "PE", "AT"))
    a = needs.TrainingEvent.objects.create(
        kind="regional",
        title="Nairobi",
        country=ke,
        region="africa",
        start_date=date(2013, 3, 4),
        end_date=date(2013, 3, 7),
        trainees_women=12,
        trainees_men=18,
        trainees_other=1,
    )
    a.participating_countries.set([ke, ao, pe])
    b = needs.TrainingEvent.objects.create(
        kind="tot",
        title="ToT",
        region="europe",
        start_date=date(2014, 5, 5),
        end_date=date(2014, 5, 8),
        trainees_women=10,
        trainees_men=5,
    )
    b.participating_countries.set([pe, at])
    later = needs.TrainingEvent.objects.create(  # after the plan's years: not counted
        kind="national",
        title="Later",
        start_date=date(2016, 1, 4),
        end_date=date(2016, 1, 6),
        trainees_women=100,
        trainees_men=100,
    )
    later.participating_countries.set([Country.objects.get(iso2="BF")])


def test_share_of_activities_completed(workplan_2012, progress):
    # 2 completed of 14, one cancelled left out: 2 / 13 = 15.38%
    assert indicator_compute(indicator(workplan_2012, C.ACTIVITIES_COMPLETED)) == Decimal("15.38")


def test_budget_covered_by_contributions(workplan_2012, money):
    # 30,000 + 15,000 + 10,000 = 55,000 of the top of the range 240,000 = 22.92%
    assert indicator_compute(indicator(workplan_2012, C.BUDGET_COVERED)) == Decimal("22.92")


def test_budget_gap_per_strand_and_overall(workplan_2012, money):
    figures = budget_figures(workplan_2012)
    strand1 = figures["strands"][0]
    assert (strand1["minimum"], strand1["maximum"]) == (75000, 120000)  # 1.3 + 1.4
    assert (strand1["pledged"], strand1["received"]) == (30000, 15000)
    assert (strand1["gap_min"], strand1["gap_max"]) == (30000, 75000)
    overall = figures["overall"]
    assert (overall["minimum"], overall["maximum"]) == (145000, 240000)
    assert (overall["pledged"], overall["received"]) == (30000, 25000)  # core counts overall
    assert (overall["gap_min"], overall["gap_max"]) == (90000, 185000)
    assert figures["strands"][1]["undetermined"] == 1  # 2.4


def test_share_of_parties_that_submitted_needs(workplan_2012, needs_round):
    # KE submitted, PE accepted; AO draft and AT returned do not count: 2 / 131 Parties = 1.53%
    assert indicator_compute(indicator(workplan_2012, C.NEEDS_SUBMITTED)) == Decimal("1.53")


def test_trainees_by_gender_and_countries_reached(workplan_2012, trainings):
    values = {
        kind: indicator_compute(indicator(workplan_2012, kind))
        for kind in (
            C.TRAINEES_TOTAL,
            C.TRAINEES_WOMEN,
            C.TRAINEES_MEN,
            C.TRAINEES_WOMEN_SHARE,
            C.COUNTRIES_REACHED,
        )
    }
    assert values == {
        C.TRAINEES_TOTAL: 46,  # 12 + 18 + 1 + 10 + 5; the 2016 event is outside the plan
        C.TRAINEES_WOMEN: 22,
        C.TRAINEES_MEN: 23,
        C.TRAINEES_WOMEN_SHARE: Decimal("47.83"),  # 22 / 46
        C.COUNTRIES_REACHED: 4,  # KE, AO, PE, AT
    }


def test_computed_indicators_without_data_are_empty_not_zero(workplan_2012):
    assert indicator_compute(indicator(workplan_2012, C.NEEDS_SUBMITTED)) is None


def test_every_computed_indicator_says_how_it_is_computed():
    assert set(HOW) == set(C.values)
    assert all(len(str(text)) > 30 for text in HOW.values())


def test_measured_indicator_shows_latest_value_and_progress(workplan_2012):
    handbook_copies = Indicator.objects.create(
        workplan=workplan_2012,
        code="2.6-a",
        name="Handbooks distributed",
        unit="copies",
        baseline=0,
        target=400,
        target_date=date(2014, 12, 31),
    )
    handbook_copies.shared_with.set(Convention.objects.filter(code__in=["CBD", "UNEP"]))
    Measurement.objects.create(indicator=handbook_copies, date=date(2013, 6, 1), value=100)
    Measurement.objects.create(indicator=handbook_copies, date=date(2014, 1, 1), value=250)
    (row,) = indicator_figures(workplan_2012)
    assert (row["current"], row["as_of"], row["progress"]) == (
        250,
        date(2014, 1, 1),
        Decimal("62.50"),
    )
    assert row["shared_with"] == ["CBD", "UNEP"]


def test_indicator_list_explains_computed_ones(client, stc, workplan_2012, progress):
    indicator(workplan_2012, C.ACTIVITIES_COMPLETED)
    client.force_login(stc)
    html = client.get(
        reverse("evaluation:indicator-list", args=[workplan_2012.slug])
    ).content.decode()
    assert "15.38" in html
    assert "Activities with status Completed divided by" in html


def test_conventions_of_paragraph_12_are_there(db):
    assert set(Convention.objects.values_list("code", flat=True)) >= {
        "Ramsar",
        "CITES",
        "CBD",
        "UNEP",
        "BLG",
    }
