"""Reads for the work plan pages and API."""

from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db.models import Prefetch

from workplan import roles
from workplan.models import Activity, Strand, WorkPlan


@dataclass
class BudgetTotal:
    """Sum of activity estimates; activities without a figure are counted, not guessed."""

    minimum: Decimal = Decimal("0")
    maximum: Decimal = Decimal("0")
    undetermined: int = 0

    @classmethod
    def of_strand(cls, strand):
        """From a strand annotated by ``Strand.objects.with_budget_totals()``."""
        return cls(
            strand.budget_minimum or Decimal("0"),
            strand.budget_maximum or Decimal("0"),
            strand.budget_undetermined,
        )

    def __iadd__(self, other):
        self.minimum += other.minimum
        self.maximum += other.maximum
        self.undetermined += other.undetermined
        return self


def workplan_current():
    """The work plan shown on the home page: the latest one."""
    return WorkPlan.objects.order_by("-start_year", "-pk").first()


def workplan_overview(workplan):
    """Strands with their activities and budget totals, in three queries whatever the size."""
    activities = Activity.objects.prefetch_related("bodies").order_by("code")
    strands = list(
        Strand.objects.filter(workplan=workplan)
        .with_budget_totals()
        .order_by("number")
        .prefetch_related(Prefetch("activities", queryset=activities))
    )
    overall = BudgetTotal()
    for strand in strands:
        strand.budget = BudgetTotal.of_strand(strand)
        overall += strand.budget
    return strands, overall


def activity_detail(workplan, code):
    return (
        Activity.objects.for_workplan(workplan)
        .with_related()
        .prefetch_related("depends_on", "enables", "updates")
        .get(code=code)
    )


def user_role(user):
    """The key of ``roles.ROLE_CHOICES`` for the user's role group, or "" when they hold none."""
    names = set(
        user.groups.filter(name__in=roles.ROLE_CHOICES.values()).values_list("name", flat=True)
    )
    return next((key for key, name in roles.ROLE_CHOICES.items() if name in names), "")


def open_data_licence():
    """The licence the plan's open data (the IATI file) is published under: name and URL."""
    return {"name": settings.OPEN_DATA_LICENCE_NAME, "url": settings.OPEN_DATA_LICENCE_URL}
