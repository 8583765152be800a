"""The budget range is one abstract model (workplan.models.BudgetRange): activities, training
programmes and handbook editions refuse the same mistakes, in full_clean and in the database."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from handbook.models import Edition, HandbookPlan
from needs.models import Scope, TrainingProgramme
from workplan.models import Activity


@pytest.fixture
def ranged(workplan_2012):
    """One saved row of each model that carries a budget range."""
    plan = HandbookPlan.objects.create(workplan=workplan_2012, title="CMS Handbook")
    return [
        Activity.objects.get(code="1.4"),
        TrainingProgramme.objects.create(
            title="Bycatch", workplan=workplan_2012, scope=Scope.REGIONAL, region="africa"
        ),
        Edition.objects.create(plan=plan, language="en"),
    ]


def test_each_model_names_its_own_constraints():
    for model in (Activity, TrainingProgramme, Edition):
        names = {constraint.name for constraint in model._meta.constraints}
        prefix = f"{model._meta.app_label}_{model._meta.model_name}"
        assert {f"{prefix}_budget_min_lte_max", f"{prefix}_budget_not_negative"} <= names


@pytest.mark.parametrize(
    ("low", "high", "field", "message"),
    [
        ("10", None, "budget_max", "Give both ends of the budget range, or neither."),
        ("10", "5", "budget_max", "The maximum must not be below the minimum."),
        ("-5", "5", "budget_min", "A budget cannot be negative."),
    ],
)
def test_full_clean_refuses_a_broken_range_everywhere(ranged, low, high, field, message):
    for obj in ranged:
        obj.budget_min = Decimal(low)
        obj.budget_max = Decimal(high) if high else None
        with pytest.raises(ValidationError) as error:
            obj.full_clean()
        assert message in error.value.message_dict[field], type(obj).__name__


@pytest.mark.parametrize(("low", "high"), [("10", "5"), ("-5", "5")])
def test_database_refuses_a_broken_range_everywhere(ranged, low, high):
    for obj in ranged:
        with pytest.raises(IntegrityError), transaction.atomic():
            type(obj).objects.filter(pk=obj.pk).update(
                budget_min=Decimal(low), budget_max=Decimal(high)
            )


def test_a_range_in_order_is_kept(ranged):
    for obj in ranged:
        obj.budget_min, obj.budget_max = Decimal("45000"), Decimal("90000")
        obj.full_clean()
        obj.save()
        obj.refresh_from_db()
        assert (obj.budget_min, obj.budget_max) == (Decimal("45000"), Decimal("90000"))
