"""The plan's money: estimate against contributions per strand, and the largest donors."""

from collections import defaultdict

from django.db.models import Count, Q, Sum
from django.utils.translation import gettext as _

from evaluation.selectors.numbers import ZERO
from workplan.models import Activity, Contribution, Strand


def budget_figures(workplan):
    """Estimate (min-max) against contributions pledged and received, and the gap.

    Per strand (earmarked contributions count for their activity's strand) and overall (core
    contributions count only there). The gap is estimate minus all contributions, never below 0.
    Three queries.
    """
    strands = list(Strand.objects.filter(workplan=workplan).order_by("number"))
    estimate = {
        row["strand"]: row
        # order_by(): the translated model's manager makes the default ordering explicit,
        # which would otherwise split the GROUP BY per activity.
        for row in Activity.objects.for_workplan(workplan)
        .order_by()
        .values("strand")
        .annotate(
            minimum=Sum("budget_min"),
            maximum=Sum("budget_max"),
            undetermined=Count("pk", filter=Q(budget_min__isnull=True)),
        )
    }
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
        est = estimate.get(strand.pk, {})
        rows.append(
            figure(
                f"{strand.number}. {strand.title}",
                est.get("minimum") or ZERO,
                est.get("maximum") or ZERO,
                est.get("undetermined", 0),
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
