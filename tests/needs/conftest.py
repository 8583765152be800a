"""Fixtures for the needs tests: a work plan, an open and a closed round, form data."""

from datetime import timedelta

import pytest
from django.utils import timezone

from needs.models import AssessmentRound, Language, TargetGroup, TrainingTopic, TrainingType
from workplan.models import WorkPlan


@pytest.fixture
def workplan(db):
    return WorkPlan.objects.create(
        slug="wp", title="Work plan 2012-2014", start_year=2012, end_year=2014
    )


@pytest.fixture
def open_round(workplan):
    today = timezone.localdate()
    return AssessmentRound.objects.create(
        workplan=workplan,
        title="Needs 2012",
        instructions="Tell us your needs.",
        opens_on=today - timedelta(days=10),
        closes_on=today + timedelta(days=20),
    )


@pytest.fixture
def closed_round(workplan):
    today = timezone.localdate()
    return AssessmentRound.objects.create(
        workplan=workplan,
        title="Needs 2011",
        opens_on=today - timedelta(days=60),
        closes_on=today - timedelta(days=1),
    )


@pytest.fixture
def lookups(db):
    """Entries of the seeded lists (data migration 0002); made again if a flush removed them."""
    return {
        "topic": TrainingTopic.objects.get_or_create(name="National reporting to CMS")[0],
        "topic2": TrainingTopic.objects.get_or_create(name="Bycatch and fisheries interactions")[0],
        "training_type": TrainingType.objects.get_or_create(name="Regional workshop")[0],
        "target_group": TargetGroup.objects.get_or_create(name="National Focal Points")[0],
        "language": Language.objects.get_or_create(code="fr", defaults={"name": "French"})[0],
    }


def need(lookups, topic="topic", **extra):
    return {
        "topic": lookups[topic],
        "priority": 4,
        "urgency": 3,
        "scope": "regional",
        "training_type": lookups["training_type"],
        "target_group": lookups["target_group"],
        "language": lookups["language"],
        "expected_trainees": 25,
        "note": "",
        **extra,
    }


ANSWERS = {
    "existing_capacities": "A national wildlife service.",
    "ongoing_initiatives": "CBD NBSAP revision.",
    "constraints_and_gaps": "No trained staff for monitoring.",
}


def post_data(lookups, needs=(), action="save", key="", existing=0, version=0, **answers):
    """The POST a browser sends from the response form (``version``: the response's version
    the page was rendered with, 0 for a response not saved yet; None leaves it out, as a
    hand-made POST would, which is refused as stale)."""
    data = {
        **ANSWERS,
        **answers,
        **({} if version is None else {"version": str(version)}),
        "submission_key": key,
        "needs-TOTAL_FORMS": str(len(needs)),
        "needs-INITIAL_FORMS": str(existing),
        "needs-MIN_NUM_FORMS": "0",
        "needs-MAX_NUM_FORMS": "50",
        action: "1",
    }
    for index, spec in enumerate(needs):
        for name, value in spec.items():
            if hasattr(value, "pk"):
                value = value.pk
            data[f"needs-{index}-{name}"] = "" if value is None else str(value)
    return data
