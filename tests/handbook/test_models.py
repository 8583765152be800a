"""Rules the handbook data keeps, in the database and in full_clean."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from handbook.models import DialogueEntry, Distribution, Edition, WorkingGroupMember


def test_one_chair_per_working_group(plan, bodies):
    WorkingGroupMember.objects.create(plan=plan, name="A", body=bodies["CMS Sec."], role="chair")
    second = WorkingGroupMember(plan=plan, name="B", body=bodies["ScC"], role="chair")
    with pytest.raises(ValidationError) as error:
        second.full_clean()
    assert error.value.message_dict["role"] == ["The working group already has a chair."]
    WorkingGroupMember.objects.create(plan=plan, name="C", body=bodies["ScC"], role="member")


def test_database_refuses_budget_min_above_max(plan):
    with pytest.raises(IntegrityError):
        Edition.objects.create(
            plan=plan, language="en", budget_min=Decimal("2"), budget_max=Decimal("1")
        )


def test_database_refuses_published_edition_without_date(plan):
    with pytest.raises(IntegrityError):
        Edition.objects.create(plan=plan, language="en", status="published")


def test_distribution_takes_the_editions_language(edition, kenya):
    distribution = Distribution(edition=edition, country=kenya, copies=5, date=date(2014, 1, 1))
    distribution.full_clean()
    assert distribution.language == "en"
    distribution.language = "fr"
    with pytest.raises(ValidationError, match="The edition is in English"):
        distribution.full_clean()


def test_follow_up_status_needs_a_follow_up(plan):
    entry = DialogueEntry(plan=plan, date=date(2013, 1, 1), channel="email", summary="Hello")
    entry.follow_up_status = "open"
    with pytest.raises(ValidationError) as error:
        entry.full_clean()
    assert "follow_up" in error.value.message_dict
