"""Indicators: how each computed one is computed, its current value, and progress from
baseline to target."""

from decimal import Decimal

from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from evaluation.models import Indicator, Measurement
from evaluation.selectors.activities import activity_figures
from evaluation.selectors.budget import budget_figures
from evaluation.selectors.numbers import HUNDRED, ZERO, rounded, share
from evaluation.selectors.trainings import needs_coverage, trainings_summary

HOW = {
    Indicator.Computed.NEEDS_SUBMITTED: _(
        "Parties whose needs-assessment response to the plan's latest round is submitted or "
        "accepted, divided by the number of CMS Parties, in per cent."
    ),
    Indicator.Computed.TRAINEES_TOTAL: _(
        "Women, men and other trainees added up over the plan's training events that have "
        "ended (events of its programmes, and trainings of trainers held in its years)."
    ),
    Indicator.Computed.TRAINEES_WOMEN: _("Women trainees over the same training events."),
    Indicator.Computed.TRAINEES_MEN: _("Men trainees over the same training events."),
    Indicator.Computed.TRAINEES_WOMEN_SHARE: _(
        "Women trainees divided by all trainees of the same training events, in per cent."
    ),
    Indicator.Computed.COUNTRIES_REACHED: _(
        "Distinct countries that took part in (or hosted) the same training events."
    ),
    Indicator.Computed.ACTIVITIES_COMPLETED: _(
        "Activities with status Completed divided by the plan's activities that are not "
        "cancelled, in per cent."
    ),
    Indicator.Computed.BUDGET_COVERED: _(
        "Contributions pledged or received for the plan (earmarked and core) divided by the top "
        "of the estimated budget range, in per cent. Activities whose budget is still to be "
        "determined are left out of the estimate."
    ),
}


class IndicatorComputer:
    """Computes each kind of computed indicator once per request, whatever the indicators."""

    def __init__(self, workplan):
        self.workplan = workplan
        self._cache = {}

    def once(self, key, func):
        if key not in self._cache:
            self._cache[key] = func()
        return self._cache[key]

    def value(self, kind):
        C = Indicator.Computed
        wp = self.workplan
        if kind == C.ACTIVITIES_COMPLETED:
            return self.once("activities", lambda: activity_figures(wp))["completed_share"]
        if kind == C.BUDGET_COVERED:
            overall = self.once("budget", lambda: budget_figures(wp))["overall"]
            return share(overall["pledged"] + overall["received"], overall["maximum"])
        if kind == C.NEEDS_SUBMITTED:
            coverage = self.once("needs", lambda: needs_coverage(wp))
            return None if coverage is None else coverage["share"]
        trainings = self.once("trainings", lambda: trainings_summary(wp))
        if trainings is None:
            return None
        return {
            C.TRAINEES_TOTAL: trainings["total"],
            C.TRAINEES_WOMEN: trainings["women"],
            C.TRAINEES_MEN: trainings["men"],
            C.TRAINEES_WOMEN_SHARE: trainings["women_share"],
            C.COUNTRIES_REACHED: trainings["countries_reached"],
        }.get(kind)

    def current(self, indicator, today):
        """(value, as of) of one indicator of ``plan_indicators``: computed now, or its latest
        measurement."""
        if indicator.computed:
            return self.value(indicator.computed), today
        latest = next(iter(indicator.measurements.all()), None)
        return (latest.value, latest.date) if latest else (None, None)


def plan_indicators(workplan):
    """The plan's indicators by code, each with its measurements newest first (two queries)."""
    newest_first = Measurement.objects.order_by("-date", "-pk")
    return (
        Indicator.objects.filter(workplan=workplan)
        .prefetch_related(Prefetch("measurements", queryset=newest_first))
        .order_by("code")
    )


def indicator_compute(indicator):
    """The current value of one computed indicator (None when the data is not there yet)."""
    return IndicatorComputer(indicator.workplan).value(indicator.computed)


def indicator_figures(workplan, computer=None):
    """Each indicator with its latest value (computed now, or the latest measurement)."""
    computer = computer or IndicatorComputer(workplan)
    indicators = (
        plan_indicators(workplan)
        .select_related("strand", "activity")
        .prefetch_related("shared_with")
    )
    today = timezone.localdate()
    rows = []
    for indicator in indicators:
        current, as_of = computer.current(indicator, today)
        if indicator.computed:
            how = str(HOW[indicator.computed])
        else:
            how = _("Measured: the latest measurement entered.")
        progress = None
        if current is not None and indicator.target is not None:
            base = indicator.baseline or ZERO
            if indicator.target != base:
                progress = rounded((Decimal(current) - base) * HUNDRED / (indicator.target - base))
        rows.append(
            {
                "code": indicator.code,
                "name": indicator.name,
                "unit": indicator.unit,
                "measures": str(indicator.activity or indicator.strand or ""),
                "baseline": indicator.baseline,
                "target": indicator.target,
                "target_date": indicator.target_date,
                "current": current,
                "as_of": as_of,
                "progress": progress,
                "computed": bool(indicator.computed),
                "how": how,
                "shared_with": [c.code for c in indicator.shared_with.all()],
                "url": reverse("evaluation:indicator-list", kwargs={"slug": workplan.slug})
                + f"#indicator-{indicator.code}",
            }
        )
    return rows
