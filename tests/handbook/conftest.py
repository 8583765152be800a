"""Handbook fixtures: a plan with one English edition of three chapters, and a partner login."""

from datetime import date
from decimal import Decimal

import pytest

from handbook.models import Chapter, Edition, HandbookPlan, Partner, WorkStatus
from tests.conftest import PASSWORD
from workplan.models import Body, WorkPlan


@pytest.fixture
def workplan(db):
    return WorkPlan.objects.create(
        slug="2012-2014",
        title="CMS Capacity Building Work Plan 2012-2014",
        start_year=2012,
        end_year=2014,
    )


@pytest.fixture
def bodies(db):
    specs = [
        ("CMS Sec.", "Secretariat", "secretariat"),
        ("NFPs", "National Focal Points", "national"),
        ("ScC", "Scientific Council", "council"),
        ("StC", "Standing Committee", "council"),
        ("partners", "Other relevant partners", "partner"),
    ]
    return {
        code: Body.objects.get_or_create(code=code, defaults={"name": name, "kind": kind})[0]
        for code, name, kind in specs
    }


@pytest.fixture
def plan(workplan):
    return HandbookPlan.objects.create(
        workplan=workplan, main_content="Guidelines for country-level conservation."
    )


@pytest.fixture
def edition(plan):
    return Edition.objects.create(
        plan=plan,
        language="en",
        version="1",
        status=WorkStatus.DRAFTING,
        budget_min=Decimal("70000"),
        budget_max=Decimal("120000"),
    )


@pytest.fixture
def chapters(edition):
    return [
        Chapter.objects.create(
            edition=edition, number=1, title="Joining CMS", status=WorkStatus.PUBLISHED
        ),
        Chapter.objects.create(
            edition=edition, number=2, title="Flyway management", status=WorkStatus.IN_REVIEW
        ),
        Chapter.objects.create(
            edition=edition,
            number=3,
            title="Reporting to the Convention",
            status=WorkStatus.DRAFTING,
            knowledge_source=Chapter.KnowledgeSource.SCIENTIFIC_COUNCIL,
        ),
    ]


@pytest.fixture
def published_fr(plan):
    return Edition.objects.create(
        plan=plan,
        language="fr",
        version="1",
        status=WorkStatus.PUBLISHED,
        publication_date=date(2014, 3, 1),
        print_run=500,
    )


@pytest.fixture
def partner(db, django_user_model):
    user = django_user_model.objects.create_user(username="birdlife", password=PASSWORD)
    Partner.objects.create(user=user, organisation="BirdLife International")
    return user


@pytest.fixture
def nobody(db, django_user_model):
    """A login with no role, no focal point and no partner record."""
    return django_user_model.objects.create_user(username="nobody", password=PASSWORD)
