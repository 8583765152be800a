"""Budgets as the plan writes them: an estimate in US$ as a range, and its totals.

``BudgetRange`` is the abstract model behind every estimate (activities, training programmes,
handbook editions); ``budget_sums`` the aggregates every budget total is made of. Both are
importable from ``workplan.models`` too.
"""

from django.db import models
from django.db.models import Count, Q, Sum
from django.utils.translation import gettext_lazy as _


def budget_sums(prefix=""):
    """The budget total of a set of activities as aggregates: the sums of both ends of the
    estimates, and how many activities have no figure yet (counted, not guessed). ``prefix``
    reaches the activities through a relation (``"activities__"`` from a strand)."""
    return {
        "budget_minimum": Sum(f"{prefix}budget_min"),
        "budget_maximum": Sum(f"{prefix}budget_max"),
        "budget_undetermined": Count(
            f"{prefix}pk", filter=Q(**{f"{prefix}budget_min__isnull": True})
        ),
    }


class BudgetRange(models.Model):
    """An estimate in US$ as a range: both ends or neither, the minimum not above the maximum,
    nothing negative. Activities, training programmes and handbook editions carry one.

    A subclass with constraints of its own lists ``*BudgetRange.Meta.constraints`` first; its
    ``clean()`` starts from ``self.budget_errors()``.
    """

    budget_min = models.DecimalField(
        _("budget minimum (US$)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    budget_max = models.DecimalField(
        _("budget maximum (US$)"), max_digits=12, decimal_places=2, null=True, blank=True
    )

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=Q(budget_min__isnull=True)
                | Q(budget_max__isnull=True)
                | Q(budget_min__lte=models.F("budget_max")),
                name="%(app_label)s_%(class)s_budget_min_lte_max",
            ),
            models.CheckConstraint(
                condition=Q(budget_min__isnull=True) | Q(budget_min__gte=0),
                name="%(app_label)s_%(class)s_budget_not_negative",
            ),
        ]

    def budget_errors(self):
        """The range's mistakes as ``{field: message}``, for ``clean()`` to raise with its own."""
        errors = {}
        if (self.budget_min is None) != (self.budget_max is None):
            errors["budget_max"] = _("Give both ends of the budget range, or neither.")
        elif self.budget_min is not None and self.budget_min > self.budget_max:
            errors["budget_max"] = _("The maximum must not be below the minimum.")
        if self.budget_min is not None and self.budget_min < 0:
            errors["budget_min"] = _("A budget cannot be negative.")
        return errors

    def clean(self):
        from django.core.exceptions import ValidationError

        errors = self.budget_errors()
        if errors:
            raise ValidationError(errors)

    @property
    def budget_is_range(self):
        return self.budget_min is not None and self.budget_min != self.budget_max
