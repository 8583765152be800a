"""The plan's money: estimate against contributions per strand, and the largest donors."""

from collections import defaultdict

from django.db.models import Count, Q, Sum
from django.utils.translation import gettext as _

from evaluation.selectors.numbers import ZERO
from workplan.models import Contribution, Strand


def budget_figures(workplan):
    """Estimate (min-max) against contributions pledged and received, and the gap.

    Per strand (earmarked contributions count for their activity's strand) and overall (core
    contributions count only there). The gap is estimate minus all contributions, never below 0.
    Two queries: the strands with their estimates (the plan's one way of summing budgets,
    ``Strand.objects.with_budget_totals()``), and the contributions.
    """
    strands = list(Strand.objects.filter(workplan=workplan).with_budget_totals().order_by("number"))
    money = defaultdict(lambda: {"pledged": ZERO, "received": ZERO})
    for row in (
        Contribution.objects.for_workplan(workplan)
        .values("activity__strand", "state")
        .annotate(total=Sum("amount_usd"))
    ):
        money[row["activity__strand"]][row["state"]] += row["total"]

    def figure(label, minimum, maximum, undetermined, pledged, received, url):
        covered = pledged + received
        return {
            "label": label,
            "minimum": minimum,
            "maximum": maximum,
            "undetermined": undetermined,
            "pledged": pledged,
            "received": received,
            "gap_min": max(minimum - covered, ZERO),
            "gap_max": max(maximum - covered, ZERO),
            "url": url,
        }

    plan_url = workplan.get_absolute_url()
    rows = []
    for strand in strands:
        rows.append(
            figure(
                f"{strand.number}. {strand.title}",
                strand.budget_minimum or ZERO,
                strand.budget_maximum or ZERO,
                strand.budget_undetermined,
                money[strand.pk]["pledged"],
                money[strand.pk]["received"],
                f"{plan_url}#strand-{strand.number}",
            )
        )
    core = money[None]
    overall = figure(
        _("Overall"),
        sum((r["minimum"] for r in rows), ZERO),
        sum((r["maximum"] for r in rows), ZERO),
        sum(r["undetermined"] for r in rows),
        sum((r["pledged"] for r in rows), ZERO) + core["pledged"],
        sum((r["received"] for r in rows), ZERO) + core["received"],
        plan_url,
    )
    overall["core_pledged"], overall["core_received"] = core["pledged"], core["received"]
    return {"strands": rows, "overall": overall}


def contributions_by_donor(workplan, limit=12):
    """The plan's largest donors, pledged and received, largest first. One query."""
    rows = (
        Contribution.objects.for_workplan(workplan)
        .values("donor")
        .annotate(
            count=Count("pk"),
            pledged=Sum("amount_usd", filter=Q(state=Contribution.State.PLEDGED)),
            received=Sum("amount_usd", filter=Q(state=Contribution.State.RECEIVED)),
            total=Sum("amount_usd"),
        )
        .order_by("-total", "donor")[:limit]
    )
    return [
        {
            "donor": row["donor"],
            "count": row["count"],
            "pledged": row["pledged"] or 0,
            "received": row["received"] or 0,
        }
        for row in rows
    ]
