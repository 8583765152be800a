"""The IATI 2.03 export of a work plan validates against the official schema."""

import os
from datetime import date
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from lxml import etree

from evaluation.iati import activity_status
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
    budget = a14.find("budget")
    assert (budget.get("type"), budget.get("status")) == ("1", "1")
    assert budget.findtext("value") == "90000.00"
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
