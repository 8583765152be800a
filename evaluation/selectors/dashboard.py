"""Everything the dashboard, the report, the XLSX and the API show for one plan, with the
sections other apps register in ``workplan.panels`` (the handbook's)."""

from django.utils import timezone

from evaluation.selectors.activities import activity_figures
from evaluation.selectors.budget import budget_figures, contributions_by_donor
from evaluation.selectors.indicators import IndicatorComputer, indicator_figures
from evaluation.selectors.results import evaluation_figures
from evaluation.selectors.trainings import (
    map_countries,
    milestones,
    needs_coverage,
    trainings_summary,
)
from workplan import panels
from workplan.cache import figures_cached


def dashboard_figures(workplan, region=None):
    """Everything the dashboard, the report, the XLSX and the API show, for one plan: cached
    until the next write anywhere in the project (workplan.cache)."""
    return figures_cached(
        "dashboard", [workplan.pk, region or "-"], lambda: _dashboard_figures(workplan, region)
    )


def _dashboard_figures(workplan, region=None):
    """The dashboard's figures, computed.

    A fixed number of queries: activities 1, budget 3, indicators 4 (+ computed ones once each),
    evaluations 2, needs 3, trainings 4.
    """
    computer = IndicatorComputer(workplan)
    activities = computer.once("activities", lambda: activity_figures(workplan))
    budget = computer.once("budget", lambda: budget_figures(workplan))
    if region:
        needs = needs_coverage(workplan, region)
        trainings = trainings_summary(workplan, region)
    else:
        needs = computer.once("needs", lambda: needs_coverage(workplan))
        trainings = computer.once("trainings", lambda: trainings_summary(workplan))
    return {
        "workplan": {
            "slug": workplan.slug,
            "title": workplan.title,
            "period": workplan.period,
            "start_year": workplan.start_year,
            "end_year": workplan.end_year,
        },
        "region": region or "",
        "date": timezone.localdate(),
        "activities": activities,
        "budget": budget,
        "indicators": indicator_figures(workplan, computer),
        "evaluations": evaluation_figures(workplan),
        "needs": needs,
        "trainings": trainings,
        "milestones": milestones(workplan, region),
        "map": map_countries(workplan, region),
        "contributions": contributions_by_donor(workplan),
        **panels.sections(workplan),
    }
