"""The charts of the plan itself: its timeline, its activities by status, its budget, and its
indicators' progress."""

from datetime import date
from decimal import Decimal

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from evaluation import svg
from evaluation.charts.base import (
    ACCENT,
    PERCENT_AXIS,
    STATUS_COLOURS,
    Chart,
    bar,
    integer,
    legend,
    measure,
    money_axis,
    percent,
    stacked,
    usd_range,
)
from workplan.formats import money_format as usd
from workplan.models import Status


def indicator_chart(figures, key="indicators"):
    rows, table = [], []
    beyond = 0
    for row in figures["indicators"]:
        progress = row["progress"]
        table.append(
            [
                row["code"],
                row["name"],
                row["unit"],
                row["baseline"],
                row["current"],
                row["target"],
                progress,
            ]
        )
        current = measure(row["current"], row["unit"])
        if progress is None:
            note = _("%(current)s · no target to measure against") % {"current": current}
        else:
            note = _("%(current)s · %(progress)s of target") % {
                "current": current,
                "progress": percent(progress),
            }
        beyond += bool(progress is not None and progress > 100)
        rows.append(
            bar(
                f"{row['code']} {row['name']}",
                min(progress or 0, 100),
                colour="#198754" if (progress or 0) >= 100 else ACCENT,
                name=_("Progress from baseline to target"),
                text=percent(progress) if progress is not None else "—",
                note=note,
                overflow=progress is not None and progress > 100,
            )
        )
    title = _("Indicators: progress from baseline to target")
    with_target = [r for r in figures["indicators"] if r["progress"] is not None]
    reached = sum(1 for r in with_target if r["progress"] >= 100)
    summary = _(
        "%(reached)s of %(total)s indicators with a target have reached it; %(beyond)s are "
        "beyond it (marked with an arrow, the scale stops at 100%%)."
    ) % {"reached": reached, "total": len(with_target), "beyond": beyond}
    axis = {**PERCENT_AXIS, "reference": (100, _("Target"))}
    key_legend = [
        {"label": _("Progress towards the target"), "colour": ACCENT},
        {"label": _("Target reached"), "colour": "#198754"},
        {"label": _("Beyond the target (arrow)"), "colour": svg.TEXT, "style": "diamond"},
    ]
    return Chart(
        key=key,
        title=title,
        summary=summary,
        header=[
            _("Code"),
            _("Indicator"),
            _("Unit"),
            _("Baseline"),
            _("Current"),
            _("Target"),
            _("Progress (%)"),
        ],
        rows=table,
        svg=svg.bars(key, title, [{"rows": rows}], axis, key_legend),
    )


def indicator_pages(figures, size=14):
    """The indicator chart in parts of ``size`` rows, each fitting an A4 page of the PDF."""
    rows = figures["indicators"]
    return [
        indicator_chart({**figures, "indicators": rows[i : i + size]}, key=f"indicators-{n}")
        for n, i in enumerate(range(0, len(rows), size), start=1)
    ]


def _gap(row):
    if row["gap_max"] <= 0:
        return _("estimate covered")
    if row["gap_min"] == row["gap_max"]:
        return _("gap %(gap)s") % {"gap": usd(row["gap_max"])}
    return _("gap %(low)s–%(high)s") % {"low": usd(row["gap_min"]), "high": usd(row["gap_max"])}


def _budget_group(row):
    """A strand's two bars: its estimate (low, then the range up to high) and its money."""
    estimate = usd_range(row["minimum"], row["maximum"])
    low = {"value": row["minimum"], "colour": "#495057", "name": _("Estimate (low)")}
    span = {"value": row["maximum"] - row["minimum"], "colour": "#495057", "style": "range"}
    received = {"value": row["received"], "colour": "#198754", "name": _("Received")}
    pledged = {"value": row["pledged"], "colour": "#8fd19e", "name": _("Pledged")}
    low["text"], span["name"], span["text"] = usd(row["minimum"]), _("Estimate range"), estimate
    received["text"], pledged["text"] = usd(row["received"]), usd(row["pledged"])
    money = _("Contributions: %(received)s received, %(pledged)s pledged") % {
        "received": usd(row["received"]),
        "pledged": usd(row["pledged"]),
    }
    return {
        "heading": row["label"],
        "rows": [
            {
                "label": _("Estimate: %(range)s") % {"range": estimate},
                "segments": [low, span],
                "note": "",
            },
            {"label": money, "segments": [received, pledged], "note": _gap(row)},
        ],
    }


BUDGET_COLUMNS = ("minimum", "maximum", "pledged", "received", "gap_min", "gap_max")


def budget_chart(figures):
    budget = figures["budget"]
    strands = budget["strands"]
    top = max([Decimal(0)] + [max(r["maximum"], r["pledged"] + r["received"]) for r in strands])
    table = [[row["label"], *(row[column] for column in BUDGET_COLUMNS)] for row in strands]
    groups = [_budget_group(row) for row in strands]
    overall = budget["overall"]
    title = _("Budget per strand: estimate against contributions (US$)")
    words = ("low", "high", "pledged", "received", "gap_low", "gap_high")
    summary = _(
        "The plan is estimated at %(low)s to %(high)s; %(received)s has been received and "
        "%(pledged)s pledged, leaving a funding gap of %(gap_low)s to %(gap_high)s."
    ) % {word: usd(overall[column]) for word, column in zip(words, BUDGET_COLUMNS, strict=True)}
    key_legend = [
        {"label": _("Estimate (low end)"), "colour": "#495057"},
        {"label": _("Estimate range up to the high end"), "colour": "#495057", "style": "planned"},
        {"label": _("Received"), "colour": "#198754"},
        {"label": _("Pledged"), "colour": "#8fd19e"},
    ]
    header = [_("Strand"), _("Estimate low (US$)"), _("Estimate high (US$)"), _("Pledged (US$)")]
    header += [_("Received (US$)"), _("Gap low (US$)"), _("Gap high (US$)")]
    return Chart(
        key="budget",
        title=title,
        summary=summary,
        header=header,
        rows=table,
        svg=svg.bars("budget", title, groups, money_axis(top), key_legend),
    )


def status_chart(figures):
    activities = figures["activities"]
    strand_titles = {row["strand"]: row["strand_title"] for row in activities["rows"]}
    labels = activities["status_labels"]
    rows, table = [], []
    total = max(
        [
            sum(v[i] for v in activities["by_status"].values())
            for i in range(len(activities["strands"]))
        ]
        or [1]
    )
    for index, number_ in enumerate(activities["strands"]):
        counts = {k: v[index] for k, v in activities["by_status"].items()}
        table.append([strand_titles.get(number_, number_), *counts.values()])
        note = ", ".join(
            f"{integer(count)} {labels[key].lower()}" for key, count in counts.items() if count
        )
        rows.append(
            stacked(
                strand_titles.get(number_, str(number_)),
                counts,
                colours=STATUS_COLOURS,
                names=labels,
                note=note,
                css_prefix="status-",
            )
        )
    title = _("Activities by strand and status")
    summary = _("%(done)s of %(total)s activities completed.") % {
        "done": activities["completed"],
        "total": activities["count"],
    }
    ticks = sorted({0, total} | {round(total * f) for f in (0.25, 0.5, 0.75)})
    axis = {"max": total, "ticks": [(t, integer(t)) for t in ticks]}
    return Chart(
        key="status",
        title=title,
        summary=summary,
        header=[_("Strand"), *labels.values()],
        rows=table,
        svg=svg.bars("status", title, [{"rows": rows}], axis, legend(labels, STATUS_COLOURS)),
    )


def _timeline_row(r):
    return {
        "code": r["code"],
        "label": f"{r['code']} {r['title']}",
        "detail": f"{r['phase_label']} · {r['status_label']}",
        "status": r["status"],
        "planned": (r["planned_start"], r["planned_end"]),
        "actual": (r["actual_start"], r["actual_end"]),
        "depends_on": r["depends_on"],
    }


TIMELINE_COLUMNS = (
    "code",
    "title",
    "phase_label",
    "status_label",
    "planned_start",
    "planned_end",
    "actual_start",
    "actual_end",
)


def _timeline_legend(labels):
    return legend(labels, STATUS_COLOURS) + [
        {"label": _("Planned (light)"), "colour": "#6c757d", "style": "planned"},
        {"label": _("Actual (solid)"), "colour": "#6c757d"},
        {"label": _("Today"), "colour": "#c92a2a", "style": "line"},
        {"label": _("Round closes"), "colour": "#6f42c1", "style": "diamond"},
        {"label": _("Training"), "colour": "#b35900", "style": "diamond"},
        {"label": _("Leads to"), "colour": "#495057", "style": "arrow"},
    ]


def timeline_chart(figures, strand=None):
    """The timeline of every strand, or of one (``strand``: its number) for a page of the PDF."""
    activities = figures["activities"]
    workplan = figures["workplan"]
    today = timezone.localdate()
    dates = [
        d
        for r in activities["rows"]
        for d in (r["planned_start"], r["planned_end"], r["actual_start"], r["actual_end"])
        if d
    ]
    start = min([date(workplan["start_year"], 1, 1), *dates])
    end = max([date(workplan["end_year"], 12, 31), *dates])
    strands, table = [], []
    for number_ in activities["strands"]:
        if strand is not None and number_ != strand:
            continue
        rows = [r for r in activities["rows"] if r["strand"] == number_]
        strands.append(
            {"heading": rows[0]["strand_title"], "rows": [_timeline_row(r) for r in rows]}
        )
        table += [[*(r[c] for c in TIMELINE_COLUMNS), " ".join(r["depends_on"])] for r in rows]
    title = _("Timeline of activities: planned and actual dates")
    late = sum(
        1
        for r in activities["rows"]
        if r["planned_end"]
        and r["planned_end"] < today
        and r["status"] != Status.COMPLETED
        and r["status"] != Status.CANCELLED
    )
    summary = _(
        "%(total)s activities from %(start)s to %(end)s; %(done)s completed, %(late)s past "
        "their planned end and not completed. Arrows show which activity leads to which."
    ) % {
        "total": activities["count"],
        "start": date_format(start, "F Y"),
        "end": date_format(end, "F Y"),
        "done": activities["completed"],
        "late": late,
    }
    spec = {
        "start": start,
        "end": end,
        "today": today,
        "strands": strands,
        "milestones": figures.get("milestones", []) if strand in (None, 1) else [],
        "colours": STATUS_COLOURS,
        "legend": _timeline_legend(activities["status_labels"]),
        "texts": {"today": _("Today"), "milestones": _("Milestones")},
    }
    if strand is not None:
        title = strands[0]["heading"] if strands else title
    key = "timeline" if strand is None else f"timeline-{strand}"
    header = [
        _("Code"),
        _("Activity"),
        _("Phase"),
        _("Status"),
        _("Planned start"),
        _("Planned end"),
        _("Actual start"),
        _("Actual end"),
        _("Depends on"),
    ]
    svg_ = svg.timeline(key, title, spec)
    return Chart(key=key, title=title, summary=summary, header=header, rows=table, svg=svg_)
