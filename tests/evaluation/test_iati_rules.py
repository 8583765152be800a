"""The IATI files of both demo plans against the IATI Standard's rules, one test per rule.

The rules (``evaluation.iati_rules``) are the Standard Ruleset and the 2.03 reference's "must"
statements (errors) and "should" statements (warnings). Every error rule must find nothing in
either file; each rule is also shown to catch a broken file, so no test here passes vacuously.
The files are exported once, from a demo database seeded in a transaction that is rolled back.
"""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from lxml import etree

from evaluation import iati_rules
from tests.evaluation.test_iati import SCHEMA_NAME, schema_dir
from workplan.models import WorkPlan

# The demo files are seeded once for the module; marking it tells pytest-django to set up the
# test database before that module-scoped fixture runs.
pytestmark = pytest.mark.django_db

ERRORS = [r for r in iati_rules.RULES if r.severity == "error"]
WARNINGS = [r for r in iati_rules.RULES if r.severity == "warning"]
PLANS = ("2012-2014", "2024-2026")


@pytest.fixture(scope="module")
def files(django_db_setup, django_db_blocker):
    """{slug: bytes} of the IATI file of each demo plan, as the public URL serves it."""
    from django.test import Client

    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed_demo", "--scale", "small", "--password", "pw", stdout=io.StringIO())
        client = Client()
        result = {}
        for slug in PLANS:
            assert WorkPlan.objects.filter(slug=slug).exists()
            response = client.get(reverse("evaluation:iati-export", args=[slug]))
            assert response.status_code == 200
            result[slug] = response.content
        transaction.set_rollback(True)
    return result


def _check(content, rule):
    root = etree.fromstring(content)
    activities = root.findall("iati-activity")
    context = {
        "now": timezone.now(),
        "today": timezone.localdate(),
        "identifiers": [a.findtext("iati-identifier") for a in activities],
    }
    return [m for a in activities for m in rule.check(a, context)]


@pytest.mark.parametrize("slug", PLANS)
def test_demo_files_pass_the_schema(files, slug):
    schema = etree.XMLSchema(etree.parse(str(schema_dir() / SCHEMA_NAME)))
    schema.assertValid(etree.fromstring(files[slug]))


@pytest.mark.parametrize("slug", PLANS)
@pytest.mark.parametrize("rule", ERRORS, ids=lambda r: r.id)
def test_demo_files_break_no_iati_rule(files, slug, rule):
    assert _check(files[slug], rule) == [], rule.text


@pytest.mark.parametrize("slug", PLANS)
def test_demo_files_have_zero_errors_in_total(files, slug):
    totals = iati_rules.counts(iati_rules.check_file(files[slug]))
    assert totals["error"] == 0
    # Warnings that remain are about organisations without an IATI identifier (Parties that
    # are not DAC members, NGOs) and an activity whose budget the plan leaves undetermined.
    print(slug, totals)


# What each warning rule is satisfied by, where the data allow it.
SATISFIED_WARNINGS = {
    "actual_start_when_started",
    "actual_end_when_ended",
    "budget_per_year",
    "description_given",
    "document_link_given",
    "incoming_transaction_provider",
    "related_activity_published",
    "sector_own_vocabulary_uri",
}


@pytest.mark.parametrize("slug", PLANS)
@pytest.mark.parametrize(
    "rule", [r for r in WARNINGS if r.id in SATISFIED_WARNINGS], ids=lambda r: r.id
)
def test_demo_files_heed_the_warnings_they_can(files, slug, rule):
    assert _check(files[slug], rule) == [], rule.text


# --- each rule catches what it is about ------------------------------------------------------

TODAY = timezone.localdate()
FUTURE = (TODAY + timedelta(days=30)).isoformat()


def _activity(body):
    return f"""<iati-activities version="2.03"><iati-activity xml:lang="en"
        default-currency="USD" last-updated-datetime="2020-01-01T00:00:00+00:00">
        <iati-identifier>XM-DAC-41116-A</iati-identifier>
        <reporting-org ref="XM-DAC-41116" type="40"><narrative>R</narrative></reporting-org>
        {body}</iati-activity></iati-activities>""".encode()


BROKEN = {
    "identifier_characters": "<participating-org role='1' ref='A/B'><narrative>x</narrative>"
    "</participating-org>",
    "start_date_given": "<activity-date type='3' iso-date='2020-01-01'/>",
    "planned_dates_in_order": "<activity-date type='1' iso-date='2021-01-01'/>"
    "<activity-date type='3' iso-date='2020-01-01'/>",
    "actual_dates_in_order": "<activity-date type='2' iso-date='2021-01-01'/>"
    "<activity-date type='4' iso-date='2020-01-01'/>",
    "actual_dates_not_in_future": f"<activity-date type='2' iso-date='{FUTURE}'/>",
    "sector_given": "",
    "sector_percentages": "<sector code='41010' percentage='60'/><sector code='41081' "
    "percentage='30'/>",
    "sector_codes": "<sector code='99999'/>",
    "sector_own_vocabulary_named": "<sector vocabulary='99' code='X'/>",
    "recipient_given": "",
    "recipient_percentages": "<recipient-region code='298' percentage='50'/>"
    "<recipient-region code='798' percentage='40'/>",
    "recipient_one_level": "<recipient-region code='998'/><transaction>"
    "<recipient-region code='998'/></transaction>",
    "region_codes": "<recipient-region code='123' vocabulary='1'/>",
    "percentages_not_negative": "<sector code='41010' percentage='-5'/>",
    "activity_status_code": "<activity-status code='9'/>",
    "budget_period_in_order": "<budget type='1' status='1'><period-start iso-date='2021-01-01'/>"
    "<period-end iso-date='2020-12-31'/></budget>",
    "budget_period_at_most_a_year": "<budget type='1' status='1'><period-start "
    "iso-date='2020-01-01'/><period-end iso-date='2021-06-30'/></budget>",
    "budgets_do_not_overlap": "<budget type='1' status='1'><period-start iso-date='2020-01-01'/>"
    "<period-end iso-date='2020-12-31'/></budget><budget type='1' status='1'><period-start "
    "iso-date='2020-06-01'/><period-end iso-date='2021-05-31'/></budget>",
    "budget_type_and_status": "<budget><period-start iso-date='2020-01-01'/>"
    "<period-end iso-date='2020-12-31'/></budget>",
    "budget_value_date_in_period": "<budget type='1' status='1'><period-start "
    "iso-date='2020-01-01'/><period-end iso-date='2020-12-31'/><value "
    "value-date='2019-01-01'>1</value></budget>",
    "transaction_not_in_future": f"<transaction><transaction-type code='1'/><transaction-date "
    f"iso-date='{FUTURE}'/><value value-date='{FUTURE}'>1</value></transaction>",
    "transaction_type_code": "<transaction><transaction-type code='99'/></transaction>",
    "participating_org_named": "<participating-org role='1'/>",
    "participating_org_role": "<participating-org role='7' ref='XM-DAC-5'/>",
    "result_period_in_order": "<result><indicator><period><period-start iso-date='2021-01-01'/>"
    "<period-end iso-date='2020-01-01'/></period></indicator></result>",
    "related_activity_type": "<related-activity ref='XM-DAC-41116-A' type='9'/>",
    "participating_org_ref": "<participating-org role='1'><narrative>x</narrative>"
    "</participating-org>",
    "participating_org_type": "<participating-org role='1' ref='XM-DAC-5'/>",
    "actual_start_when_started": "<activity-status code='2'/>",
    "actual_end_when_ended": "<activity-status code='4'/>",
    "budget_given": "",
    "budget_per_year": "<activity-date type='1' iso-date='2020-01-01'/><activity-date type='3' "
    "iso-date='2021-12-31'/><budget type='1' status='1'><period-start iso-date='2020-01-01'/>"
    "<period-end iso-date='2020-12-31'/></budget>",
    "description_given": "",
    "document_link_given": "",
    "incoming_transaction_provider": "<transaction><transaction-type code='11'/></transaction>",
    "indicator_baseline_and_target": "<result><indicator><period/></indicator></result>",
    "related_activity_published": "<related-activity ref='XM-DAC-41116-Z' type='3'/>",
    "sector_own_vocabulary_uri": "<sector vocabulary='99' code='X'><narrative>x</narrative>"
    "</sector>",
}
# Rules about the whole file or the activity's own attributes, broken another way.
BROKEN_FILES = {
    "identifier_prefix": _activity("").replace(b">XM-DAC-41116-A<", b">XM-DAC-5-A<"),
    "identifier_unique": _activity("").replace(
        b"</iati-activities>",
        b"<iati-activity><iati-identifier>XM-DAC-41116-A</iati-identifier><reporting-org "
        b"ref='XM-DAC-41116'/></iati-activity></iati-activities>",
    ),
    "last_updated_not_in_future": _activity("").replace(
        b"2020-01-01T00:00:00+00:00", f"{FUTURE}T00:00:00+00:00".encode()
    ),
    "language_given": _activity("<title><narrative>x</narrative></title>").replace(
        b'xml:lang="en"', b""
    ),
    "currency_given": _activity("<budget><value>1</value></budget>").replace(
        b'default-currency="USD"', b""
    ),
}


def test_every_rule_has_a_broken_example():
    assert {r.id for r in iati_rules.RULES} == set(BROKEN) | set(BROKEN_FILES)


@pytest.mark.parametrize("rule", iati_rules.RULES, ids=lambda r: r.id)
def test_each_rule_catches_a_broken_file(rule):
    content = BROKEN_FILES.get(rule.id) or _activity(BROKEN[rule.id])
    found = [p for p in iati_rules.check_file(content) if p[0].id == rule.id]
    assert found, f"{rule.id} found nothing in a file that breaks it"
