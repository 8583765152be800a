"""The 2012-2014 plan is loaded exactly as the COP10 document writes it."""

import re
from decimal import Decimal

import pytest
from django.core.management import call_command

from workplan.models import Activity, Body, Country, Region, Strand, WorkPlan
from workplan.services import DATA_DIR, budget_parse

SOURCE = (DATA_DIR / "source" / "cms_capacity_building_workplan_2012_2014.txt").read_text()

NONE = "No additional funds"
# code, responsible body codes, budget min, budget max (None = to be determined)
EXPECTED = [
    ("1.1", {"CMS Sec.", "NFPs", "other relevant partners"}, 0, 0),
    ("1.2", {"CMS Sec.", "NFPs"}, 0, 0),
    ("1.3", {"CMS Sec."}, 30000, 30000),
    ("1.4", {"CMS Sec."}, 45000, 90000),
    ("1.5", {"CMS Sec.", "NFPs"}, 0, 0),
    ("1.6", {"CMS Sec."}, 0, 0),
    ("2.1", {"CMS Sec.", "NFPs", "ScC", "StC", "other relevant partners"}, 0, 0),
    ("2.2", {"CMS Sec.", "NFPs", "other relevant partners"}, 0, 0),
    ("2.3", {"CMS Sec."}, 70000, 120000),
    ("2.4", {"CMS Sec.", "NFPs", "ScC", "StC"}, None, None),
    ("2.5", {"CMS Sec.", "NFPs", "ScC", "StC", "other relevant partners"}, 0, 0),
    ("2.6", {"CMS Sec.", "NFPs"}, 0, 0),
    ("3.1", {"CMS Sec.", "NFPs"}, 0, 0),
    ("3.2", {"CMS Sec."}, 0, 0),
]


def _normalise(text):
    text = re.sub(r"-\s*\n\s*", "-", text)
    return re.sub(r"\s+", " ", text).strip()


@pytest.mark.parametrize(("code", "bodies", "budget_min", "budget_max"), EXPECTED)
def test_activity_loaded_as_written(workplan_2012, code, bodies, budget_min, budget_max):
    activity = Activity.objects.get(strand__workplan=workplan_2012, code=code)
    source = _normalise(SOURCE)
    # Every text kept verbatim is a passage of the source document.
    assert _normalise(f"{activity.code} {activity.title}") in source
    assert _normalise(activity.responsibility) in source
    assert _normalise(activity.methodology) in source
    assert _normalise(activity.budget_text) in source
    assert {body.code for body in activity.bodies.all()} == bodies
    expected_min = None if budget_min is None else Decimal(budget_min)
    expected_max = None if budget_max is None else Decimal(budget_max)
    assert (activity.budget_min, activity.budget_max) == (expected_min, expected_max)
    assert activity.no_additional_funds == (budget_max == 0)
    assert str(activity.strand.number) == code.split(".")[0]


def test_plan_has_three_strands_with_their_objectives(workplan_2012):
    strands = list(workplan_2012.strands.order_by("number"))
    assert [s.number for s in strands] == [1, 2, 3]
    assert strands[0].objective == (
        "Strengthening institutional capacity of the NFPs to implement CMS instruments"
    )
    assert strands[1].objective == "Enhancing the Impact of Capacity Building Activities"
    assert strands[2].objective == (
        "Monitoring and Evaluation of National Implementation of Capacity Building activities"
    )
    assert Activity.objects.for_workplan(workplan_2012).count() == len(EXPECTED)
    assert workplan_2012.title == "CMS Capacity Building Work Plan 2012-2014"
    assert "Bergen" in workplan_2012.adopted_by


def test_training_steps_follow_each_other(workplan_2012):
    step = {a.code: a for a in Activity.objects.for_workplan(workplan_2012)}
    for before, after in [("1.1", "1.2"), ("1.2", "1.3"), ("1.3", "1.4"), ("1.5", "1.6")]:
        assert list(step[after].depends_on.all()) == [step[before]]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Around US$30,000 including translation costs.", (30000, 30000, False)),
        ("Each regional training ... around US$45,000-90,000 depending", (45000, 90000, False)),
        ("US$ 70,000-120,000 depending on the content", (70000, 120000, False)),
        ("No additional funds required.", (0, 0, True)),
        ("Shall be determined according to the need.", (None, None, False)),
    ],
)
def test_budget_words_parse_into_a_range(text, expected):
    budget = budget_parse(text)
    minimum, maximum, flag = expected
    assert budget.minimum == (None if minimum is None else Decimal(minimum))
    assert budget.maximum == (None if maximum is None else Decimal(maximum))
    assert budget.no_additional_funds is flag


def test_load_twice_changes_nothing_and_keeps_staff_edits(db):
    call_command("load_workplan", verbosity=0)
    activity = Activity.objects.get(code="1.4")
    activity.title = "Regional trainings (edited by staff)"
    activity.budget_max = Decimal("95000")
    activity.save()
    counts = (WorkPlan.objects.count(), Strand.objects.count(), Activity.objects.count())
    countries = Country.objects.count()

    call_command("load_workplan", verbosity=0)

    assert (WorkPlan.objects.count(), Strand.objects.count(), Activity.objects.count()) == counts
    assert Country.objects.count() == countries
    activity.refresh_from_db()
    assert activity.title == "Regional trainings (edited by staff)"
    assert activity.budget_max == Decimal("95000")
    assert Body.objects.filter(code="CMS Sec.").count() == 1


def test_dry_run_writes_nothing(db, capsys):
    call_command("load_workplan", "--dry-run")
    assert WorkPlan.objects.count() == 0
    assert Country.objects.count() == 0
    assert "nothing was written" in capsys.readouterr().out


def test_countries_load_with_cms_regions(workplan_2012):
    assert Country.objects.count() >= 240
    assert Country.objects.get(iso2="KE").region == Region.AFRICA
    assert Country.objects.get(iso2="DE").region == Region.EUROPE
    assert Country.objects.get(iso2="PE").region == Region.CSA
    assert Country.objects.get(iso2="AU").region == Region.OCEANIA
    assert Country.objects.get(iso2="KE").is_party
    assert not Country.objects.get(iso2="US").is_party
    assert 120 <= Country.objects.parties().count() <= 140
