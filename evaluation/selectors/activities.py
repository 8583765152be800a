"""The plan's activities: actual dates and dependencies (from progress updates), counts by
strand, status and phase, and the report's strands with their updates."""

from collections import defaultdict

from django.db.models import Max, Min, Prefetch, Q
from django.urls import reverse

from evaluation.selectors.numbers import share
from workplan.models import Activity, Phase, ProgressUpdate, Status, Strand


def code_key(code):
    """An activity code in the plan's order: 1.2 before 1.10."""
    return [int(part) if part.isdigit() else part for part in code.split(".")]


def activity_dates_and_links(workplan):
    """Actual dates and dependencies per activity code. Two queries.

    An activity's actual start is its first progress update that reports it under way; its
    actual end is the update that reports it completed, put on hold or cancelled (none while it
    runs: the timeline draws it to today).
    """
    actual = {
        row["activity__code"]: row
        for row in ProgressUpdate.objects.filter(activity__strand__workplan=workplan)
        .exclude(status=Status.NOT_STARTED)
        .values("activity__code")
        .annotate(
            start=Min("date"),
            end=Max(
                "date", filter=Q(status__in=(Status.COMPLETED, Status.ON_HOLD, Status.CANCELLED))
            ),
        )
        .order_by()
    }
    links = defaultdict(list)
    Through = Activity.depends_on.through
    for before, after in (
        Through.objects.filter(from_activity__strand__workplan=workplan)
        .values_list("to_activity__code", "from_activity__code")
        .order_by("from_activity__code", "to_activity__code")
    ):
        links[after].append(before)
    return {"actual": actual, "depends_on": links}


def activity_figures(workplan):
    """Activities with their planned and actual dates and what they depend on. Three queries."""
    dates = activity_dates_and_links(workplan)
    activities = sorted(
        Activity.objects.for_workplan(workplan).select_related("strand"),
        key=lambda a: (a.strand.number, code_key(a.code)),
    )
    rows = [
        {
            "code": a.code,
            "title": a.title,
            "strand": a.strand.number,
            "strand_title": f"{a.strand.number}. {a.strand.title}",
            "phase": a.phase,
            "phase_label": str(a.get_phase_display()),
            "status": a.status,
            "status_label": str(a.get_status_display()),
            "planned_start": a.planned_start,
            "planned_end": a.planned_end,
            "actual_start": dates["actual"].get(a.code, {}).get("start"),
            "actual_end": dates["actual"].get(a.code, {}).get("end"),
            "depends_on": dates["depends_on"].get(a.code, []),
            "url": reverse(
                "workplan:activity-detail", kwargs={"slug": workplan.slug, "code": a.code}
            ),
        }
        for a in activities
    ]
    strand_numbers = sorted({r["strand"] for r in rows})
    by_status = {
        status: [
            sum(1 for r in rows if r["strand"] == n and r["status"] == status)
            for n in strand_numbers
        ]
        for status, _label in Status.choices
    }
    by_phase = {
        phase: sum(1 for r in rows if r["phase"] == phase) for phase, _label in Phase.choices
    }
    live = [r for r in rows if r["status"] != Status.CANCELLED]
    completed = sum(1 for r in live if r["status"] == Status.COMPLETED)
    return {
        "rows": rows,
        "strands": strand_numbers,
        "by_status": by_status,
        "status_labels": {k: str(v) for k, v in Status.choices},
        "by_phase": by_phase,
        "phase_labels": {k: str(v) for k, v in Phase.choices},
        "count": len(rows),
        "completed": completed,
        "completed_share": share(completed, len(live)),
    }


def report_strands(workplan):
    """Each strand with its activities and their progress updates, for the report. Three
    queries."""
    strands = list(
        Strand.objects.filter(workplan=workplan)
        .order_by("number")
        .prefetch_related(
            Prefetch(
                "activities",
                queryset=Activity.objects.prefetch_related(
                    Prefetch("updates", queryset=ProgressUpdate.objects.order_by("-date", "-pk"))
                ),
            )
        )
    )
    for strand in strands:
        strand.activities_in_order = sorted(strand.activities.all(), key=lambda a: code_key(a.code))
    return strands
