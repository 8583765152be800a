"""The IATI 2.03 export of a work plan validates against the official schema."""

import os
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from lxml import etree

from evaluation.iati import activity_status, shares, yearly_budgets
from workplan.models import Activity, Contribution, Phase, Status

VENDORED = Path(settings.BASE_DIR) / "evaluation" / "iati_schema"
SCHEMA_NAME = "iati-activities-schema.xsd"


def schema_dir():
    """The vendored copy first (works on a fresh clone), else $IATI_SCHEMA_DIR or ../shared."""
    shared = Path(
        os.environ.get("IATI_SCHEMA_DIR", Path(settings.BASE_DIR).parent / "shared" / "iati-2.03")
    )
    for candidate in (VENDORED, shared):
        if (candidate / SCHEMA_NAME).exists():
            return candidate
    pytest.fail(f"No IATI 2.03 schema in {VENDORED} or {shared}")


@pytest.fixture(scope="module")
def schema():
    return etree.XMLSchema(etree.parse(str(schema_dir() / SCHEMA_NAME)))


@pytest.fixture
def exported(client, secretariat, workplan_2012):
    a14 = Activity.objects.get(code="1.4")
    a14.status, a14.phase = Status.IN_PROGRESS, Phase.IMPLEMENTATION
    a14.save()
    Activity.objects.filter(code="1.1").update(status=Status.COMPLETED)
    Contribution.objects.create(
        workplan=workplan_2012,
        donor="Germany",
        amount_usd=40000,
        state="received",
        kind="earmarked",
        activity=a14,
        date=date(2012, 6, 1),
    )
    Contribution.objects.create(
        workplan=workplan_2012,
        donor="Norway",
        amount_usd=5000,
        state="pledged",
        kind="core",
        date=date(2012, 6, 1),
    )
    client.force_login(secretariat)
    response = client.get(reverse("evaluation:iati-export", args=[workplan_2012.slug]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml"
    return etree.fromstring(response.content)


def test_export_validates_against_the_iati_schema(schema, exported):
    schema.assertValid(exported)


def test_strands_are_parents_and_activities_children(exported):
    activities = exported.findall("iati-activity")
    parents = [a for a in activities if a.get("hierarchy") == "1"]
    children = [a for a in activities if a.get("hierarchy") == "2"]
    assert (len(parents), len(children)) == (3, 14)
    strand1 = parents[0]
    strand1_id = strand1.findtext("iati-identifier")
    child_refs = [r.get("ref") for r in strand1.findall("related-activity[@type='2']")]
    assert len(child_refs) == 6 and child_refs[0].endswith("-1.1")
    a14 = next(a for a in children if a.findtext("iati-identifier").endswith("-1.4"))
    assert a14.find("related-activity").attrib == {"ref": strand1_id, "type": "1"}


def test_roles_status_and_budget_of_an_activity(exported):
    a14 = next(
        a
        for a in exported.findall("iati-activity")
        if a.findtext("iati-identifier").endswith("-1.4")
    )
    roles = {(o.get("role"), o.findtext("narrative")) for o in a14.findall("participating-org")}
    assert ("2", "UNEP/CMS Secretariat") in roles  # accountable
    assert ("1", "Germany") in roles  # funding
    assert any(role == "4" for role, _name in roles)  # implementing
    assert a14.find("activity-status").get("code") == "2"
    budgets = a14.findall("budget")
    assert {(b.get("type"), b.get("status")) for b in budgets} == {("1", "1")}
    # The top of the range, one budget per calendar year of 2012-2014, adding up to it.
    periods = [(b.find("period-start").get("iso-date"), b.find("period-end").get("iso-date"))
               for b in budgets]  # fmt: skip
    assert periods == [
        ("2012-01-01", "2012-12-31"),
        ("2013-01-01", "2013-12-31"),
        ("2014-01-01", "2014-12-31"),
    ]
    assert sum(Decimal(b.findtext("value")) for b in budgets) == Decimal("90000.00")
    words = a14.find("description[@type='4']").findtext("narrative")
    assert "US$45,000–US$90,000 per regional training" in words
    assert "Each regional training of 3-4 days for 20-40 trainees" in words


def test_core_donors_fund_every_strand(exported):
    for parent in exported.findall("iati-activity[@hierarchy='1']"):
        funders = [o.findtext("narrative") for o in parent.findall("participating-org[@role='1']")]
        assert "Norway" in funders


@pytest.mark.parametrize(
    "status,phase,code",
    [
        (Status.NOT_STARTED, Phase.PLANNING, "1"),
        (Status.IN_PROGRESS, Phase.IMPLEMENTATION, "2"),
        (Status.IN_PROGRESS, Phase.FEEDBACK, "3"),
        (Status.COMPLETED, Phase.FEEDBACK, "4"),
        (Status.CANCELLED, Phase.PLANNING, "5"),
        (Status.ON_HOLD, Phase.CONSTRUCTION, "6"),
    ],
)
def test_status_and_phase_map_to_iati_activity_status(status, phase, code):
    assert activity_status(status, phase) == code


def test_trainees_by_sex_are_result_values(client, secretariat, workplan_2012, schema):
    needs = pytest.importorskip("needs.models")
    needs.TrainingEvent.objects.create(
        kind="regional",
        title="Nairobi",
        start_date=date(2013, 3, 4),
        end_date=date(2013, 3, 7),
        trainees_women=12,
        trainees_men=18,
    )
    client.force_login(secretariat)
    root = etree.fromstring(
        client.get(reverse("evaluation:iati-export", args=[workplan_2012.slug])).content
    )
    schema.assertValid(root)
    actuals = root.findall("iati-activity[@hierarchy='1']/result/indicator/period/actual")
    values = {a.find("dimension").get("value"): a.get("value") for a in actuals}
    assert values == {"female": "12", "male": "18"}


def test_vendored_schema_matches_the_shared_one():
    shared = Path(
        os.environ.get("IATI_SCHEMA_DIR", Path(settings.BASE_DIR).parent / "shared" / "iati-2.03")
    )
    if not (shared / SCHEMA_NAME).exists():
        pytest.skip("no shared schema on this machine")
    assert (VENDORED / "LICENSE").exists()
    for name in (SCHEMA_NAME, "iati-common.xsd", "xml.xsd"):
        assert (VENDORED / name).read_bytes() == (shared / name).read_bytes()


def _activity(root, code):
    return next(
        a for a in root.findall("iati-activity") if a.findtext("iati-identifier").endswith(code)
    )


def test_anyone_can_download_the_file_it_is_open_data(client, workplan_2012):
    response = client.get(reverse("evaluation:iati-export", args=[workplan_2012.slug]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml"


def test_unknown_plan_is_404(client, db):
    assert client.get(reverse("evaluation:iati-export", args=["1900-1902"])).status_code == 404


def test_contributions_become_transactions_none_in_the_future(client, workplan_2012, schema):
    a14 = Activity.objects.get(code="1.4")
    for donor, state, when in [
        ("Germany", "received", date(2012, 6, 1)),
        ("Norway", "pledged", date(2013, 2, 1)),
        ("Later", "pledged", date.today() + timedelta(days=40)),
    ]:
        Contribution.objects.create(
            workplan=workplan_2012,
            donor=donor,
            amount_usd=1000,
            state=state,
            kind="earmarked",
            activity=a14,
            date=when,
        )
    root = etree.fromstring(
        client.get(reverse("evaluation:iati-export", args=[workplan_2012.slug])).content
    )
    schema.assertValid(root)
    rows = [
        (
            t.find("transaction-type").get("code"),
            t.find("transaction-date").get("iso-date"),
            t.find("value").get("value-date"),
            t.findtext("provider-org/narrative"),
        )
        for t in _activity(root, "-1.4").findall("transaction")
    ]
    assert rows == [
        ("1", "2012-06-01", "2012-06-01", "Germany"),
        ("11", "2013-02-01", "2013-02-01", "Norway"),
    ]


def test_sector_region_link_and_actual_dates(client, workplan_2012):
    Activity.objects.filter(code="1.1").update(
        status=Status.COMPLETED, planned_end=date(2012, 12, 31)
    )
    root = etree.fromstring(
        client.get(reverse("evaluation:iati-export", args=[workplan_2012.slug])).content
    )
    a11 = _activity(root, "-1.1")
    a14 = _activity(root, "-1.4")
    assert [(s.get("vocabulary"), s.get("code")) for s in a14.findall("sector")] == [
        ("1", "41081"),  # environmental education/training, from the plan's data
        ("99", "CMS-CB-1"),  # the plan's own strand, with its vocabulary-uri
    ]
    assert a14.find("sector[@vocabulary='99']").get("vocabulary-uri").startswith("http://")
    assert a11.find("sector").get("code") == "41010"
    region = a11.find("recipient-region")
    assert (region.get("code"), region.get("percentage")) == ("998", "100")
    link = a14.find("document-link")
    assert link.get("url") == "http://testserver/workplans/2012-2014/activities/1.4/"
    dates = {d.get("type"): d.get("iso-date") for d in a11.findall("activity-date")}
    assert dates["2"] == "2012-01-01" and dates["4"] == "2012-12-31"
    dependencies = [r.get("ref") for r in a14.findall("related-activity[@type='3']")]
    assert dependencies and dependencies[0].endswith("-1.3")


def test_training_regions_map_to_dac_regions(client, workplan_2012):
    needs = pytest.importorskip("needs.models")
    for region, n in (("africa", 3), ("oceania", 1)):
        for i in range(n):
            needs.TrainingEvent.objects.create(
                kind="regional",
                title=f"{region} {i}",
                region=region,
                start_date=date(2013, 3, 4),
                end_date=date(2013, 3, 7),
                trainees_women=10,
                trainees_men=10,
            )
    root = etree.fromstring(
        client.get(reverse("evaluation:iati-export", args=[workplan_2012.slug])).content
    )
    strand1 = root.find("iati-activity[@hierarchy='1']")
    regions = {r.get("code"): r.get("percentage") for r in strand1.findall("recipient-region")}
    assert regions == {"298": "75", "889": "25"}  # Africa, regional; Oceania, regional


def test_shares_add_up_to_exactly_100():
    parts = shares({"a": 1, "b": 1, "c": 1})
    assert sum(parts.values()) == 100
    assert sorted(parts.values()) == [Decimal("33.33"), Decimal("33.33"), Decimal("33.34")]


def test_yearly_budgets_split_by_days_and_add_up():
    periods = yearly_budgets(Decimal("1000"), date(2012, 7, 1), date(2013, 6, 30))
    assert [(s.isoformat(), e.isoformat()) for s, e, _a in periods] == [
        ("2012-07-01", "2012-12-31"),
        ("2013-01-01", "2013-06-30"),
    ]
    assert sum(a for _s, _e, a in periods) == Decimal("1000")
    assert periods[0][2] == Decimal("504.11")  # 184 of 365 days
