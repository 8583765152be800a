"""The dashboard's charts, each defined once: title, text summary, data table and drawing.

The same definition serves the page, its print, the PDF report, the CSV download (the rows)
and the SVG download (the drawing). Scales cannot mislead: shares run from 0 to 100 % with
values beyond the target marked rather than stretching the axis, money is drawn on one axis
from zero, and every figure is written as the thing it counts.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from evaluation import svg
from workplan.models import Status
from workplan.templatetags.workplan_tags import usd

STATUS_COLOURS = {
    Status.NOT_STARTED: "#6c757d",
    Status.IN_PROGRESS: "#0b5ed7",
    Status.COMPLETED: "#198754",
    Status.ON_HOLD: "#b35900",
    Status.CANCELLED: "#212529",
}
WORK_COLOURS = {
    "planned": "#adb5bd",
    "drafting": "#6cb4cf",
    "in_review": "#0b5ed7",
    "published": "#198754",
}
GENDER_COLOURS = ["#6f42c1", "#0b7285", "#868e96"]
ACCENT = "#005a78"


@dataclass
class Chart:
    key: str
    title: str
    summary: str
    header: list
    rows: list
    svg: str = ""
    notes: list = field(default_factory=list)


def integer(value):
    return number_format(value or 0, decimal_pos=0, force_grouping=True)


def number(value):
    """A count or measure without trailing zeros: 45, 12.5, 1,143."""
    value = Decimal(value)
    places = 0 if value == value.to_integral_value() else -value.normalize().as_tuple().exponent
    places = min(max(places, 0), 2)
    return number_format(value, decimal_pos=places, force_grouping=True)


def percent(value):
    return _("%(value)s%%") % {
        "value": number_format(round(Decimal(value)), 0, force_grouping=True)
    }


def measure(value, unit):
    """An indicator's value as the thing it counts: "45 copies", "38 %"."""
    if value is None:
        return "—"
    if unit.strip() == "%":
        value = Decimal(value).quantize(Decimal("0.1"))
        return _("%(value)s%%") % {"value": number(value)}
    return f"{number(value)} {unit}".strip()


def _money_ticks(top):
    """Four to six round steps from zero that cover ``top``."""
    if top <= 0:
        return 1, [(0, usd(0))]
    step = Decimal(10) ** (len(str(int(top))) - 1)
    for factor in (Decimal("0.2"), Decimal("0.25"), Decimal("0.5"), 1, 2, Decimal("2.5"), 5):
        if top / (step * factor) <= 6:
            step = step * factor
            break
    ticks, value = [], Decimal(0)
    while value < top:
        value += step
    maximum = value
    value = Decimal(0)
    while value <= maximum:
        ticks.append((value, _short_usd(value)))
        value += step
    return maximum, ticks


def _short_usd(value):
    if value >= 1_000_000:
        return _("US$%(n)sM") % {"n": number_format(value / 1_000_000, 1)}
    if value >= 1_000:
        return _("US$%(n)sk") % {"n": number_format(value / 1_000, 0)}
    return usd(value)


PERCENT_AXIS = {
    "max": 100,
    "ticks": [(v, f"{v}%") for v in (0, 25, 50, 75, 100)],
}


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
        if progress is None:
            note = _("%(current)s · no target to measure against") % {
                "current": measure(row["current"], row["unit"])
            }
        else:
            note = _("%(current)s · %(progress)s of target") % {
                "current": measure(row["current"], row["unit"]),
                "progress": percent(progress),
            }
        beyond += bool(progress is not None and progress > 100)
        rows.append(
            {
                "label": f"{row['code']} {row['name']}",
                "segments": [
                    {
                        "value": min(progress or 0, 100),
                        "colour": "#198754" if (progress or 0) >= 100 else ACCENT,
                        "name": _("Progress from baseline to target"),
                        "text": percent(progress) if progress is not None else "—",
                    }
                ],
                "note": note,
                "overflow": progress is not None and progress > 100,
            }
        )
    title = _("Indicators: progress from baseline to target")
    with_target = [r for r in figures["indicators"] if r["progress"] is not None]
    reached = sum(1 for r in with_target if r["progress"] >= 100)
    summary = _(
        "%(reached)s of %(total)s indicators with a target have reached it; %(beyond)s are "
        "beyond it (marked with an arrow, the scale stops at 100%%)."
    ) % {"reached": reached, "total": len(with_target), "beyond": beyond}
    axis = {**PERCENT_AXIS, "reference": (100, _("Target"))}
    legend = [
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
        svg=svg.bars(key, title, [{"rows": rows}], axis, legend),
    )


def budget_chart(figures):
    budget = figures["budget"]
    strands = budget["strands"]
    top = max([Decimal(0)] + [max(r["maximum"], r["pledged"] + r["received"]) for r in strands])
    maximum, ticks = _money_ticks(top)
    groups, table = [], []
    for row in strands:
        table.append(
            [
                row["label"],
                row["minimum"],
                row["maximum"],
                row["pledged"],
                row["received"],
                row["gap_min"],
                row["gap_max"],
            ]
        )
        if row["gap_max"] <= 0:
            gap = _("estimate covered")
        elif row["gap_min"] == row["gap_max"]:
            gap = _("gap %(gap)s") % {"gap": usd(row["gap_max"])}
        else:
            gap = _("gap %(low)s–%(high)s") % {
                "low": usd(row["gap_min"]),
                "high": usd(row["gap_max"]),
            }
        estimate = (
            usd(row["minimum"])
            if row["minimum"] == row["maximum"]
            else f"{usd(row['minimum'])}–{usd(row['maximum'])}"
        )
        groups.append(
            {
                "heading": row["label"],
                "rows": [
                    {
                        "label": _("Estimate: %(range)s") % {"range": estimate},
                        "segments": [
                            {
                                "value": row["minimum"],
                                "colour": "#495057",
                                "name": _("Estimate (low)"),
                                "text": usd(row["minimum"]),
                            },
                            {
                                "value": row["maximum"] - row["minimum"],
                                "colour": "#495057",
                                "style": "range",
                                "name": _("Estimate range"),
                                "text": estimate,
                            },
                        ],
                        "note": "",
                    },
                    {
                        "label": _("Contributions: %(received)s received, %(pledged)s pledged")
                        % {"received": usd(row["received"]), "pledged": usd(row["pledged"])},
                        "segments": [
                            {
                                "value": row["received"],
                                "colour": "#198754",
                                "name": _("Received"),
                                "text": usd(row["received"]),
                            },
                            {
                                "value": row["pledged"],
                                "colour": "#8fd19e",
                                "name": _("Pledged"),
                                "text": usd(row["pledged"]),
                            },
                        ],
                        "note": gap,
                    },
                ],
            }
        )
    overall = budget["overall"]
    title = _("Budget per strand: estimate against contributions (US$)")
    summary = _(
        "The plan is estimated at %(low)s to %(high)s; %(received)s has been received and "
        "%(pledged)s pledged, leaving a funding gap of %(gap_low)s to %(gap_high)s."
    ) % {
        "low": usd(overall["minimum"]),
        "high": usd(overall["maximum"]),
        "received": usd(overall["received"]),
        "pledged": usd(overall["pledged"]),
        "gap_low": usd(overall["gap_min"]),
        "gap_high": usd(overall["gap_max"]),
    }
    legend = [
        {"label": _("Estimate (low end)"), "colour": "#495057"},
        {"label": _("Estimate range up to the high end"), "colour": "#495057", "style": "planned"},
        {"label": _("Received"), "colour": "#198754"},
        {"label": _("Pledged"), "colour": "#8fd19e"},
    ]
    return Chart(
        key="budget",
        title=title,
        summary=summary,
        header=[
            _("Strand"),
            _("Estimate low (US$)"),
            _("Estimate high (US$)"),
            _("Pledged (US$)"),
            _("Received (US$)"),
            _("Gap low (US$)"),
            _("Gap high (US$)"),
        ],
        rows=table,
        svg=svg.bars("budget", title, groups, {"max": maximum, "ticks": ticks}, legend),
    )


def needs_chart(figures):
    needs = figures["needs"]
    if not needs:
        return None
    rows, table = [], []
    for row in needs["regions"]:
        table.append([row["label"], row["parties"], row["submitted"], row["share"]])
        rows.append(
            {
                "label": row["label"],
                "segments": [
                    {
                        "value": row["share"] or 0,
                        "colour": ACCENT,
                        "name": _("Submitted"),
                        "text": percent(row["share"] or 0),
                    }
                ],
                "note": _("%(n)s of %(total)s Parties (%(share)s)")
                % {
                    "n": integer(row["submitted"]),
                    "total": integer(row["parties"]),
                    "share": percent(row["share"] or 0),
                },
            }
        )
    title = _("Needs assessments submitted per region")
    summary = _(
        "%(n)s of %(total)s Parties submitted their needs assessment for %(round)s (%(share)s)."
    ) % {
        "n": integer(needs["submitted"]),
        "total": integer(needs["parties"]),
        "round": needs["round"],
        "share": percent(needs["share"] or 0),
    }
    return Chart(
        key="needs",
        title=title,
        summary=summary,
        header=[_("Region"), _("Parties"), _("Submitted"), _("Share (%)")],
        rows=table,
        svg=svg.bars("needs", title, [{"rows": rows}], PERCENT_AXIS),
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
        rows.append(
            {
                "label": strand_titles.get(number_, str(number_)),
                "segments": [
                    {
                        "value": count,
                        "colour": STATUS_COLOURS[key],
                        "name": labels[key],
                        "text": integer(count),
                        "class": f"status-{key}",
                    }
                    for key, count in counts.items()
                    if count
                ],
                "note": ", ".join(
                    f"{integer(count)} {labels[key].lower()}"
                    for key, count in counts.items()
                    if count
                ),
            }
        )
    title = _("Activities by strand and status")
    summary = _("%(done)s of %(total)s activities completed.") % {
        "done": activities["completed"],
        "total": activities["count"],
    }
    ticks = sorted({0, total} | {round(total * f) for f in (0.25, 0.5, 0.75)})
    return Chart(
        key="status",
        title=title,
        summary=summary,
        header=[_("Strand"), *labels.values()],
        rows=table,
        svg=svg.bars(
            "status",
            title,
            [{"rows": rows}],
            {"max": total, "ticks": [(t, integer(t)) for t in ticks]},
            [{"label": label, "colour": STATUS_COLOURS[key]} for key, label in labels.items()],
        ),
    )


def trainees_chart(figures):
    t = figures["trainings"]
    if not t or not t["total"]:
        return None
    parts = [
        (_("Women"), t["women"]),
        (_("Men"), t["men"]),
        (_("Other or undisclosed"), t["other"]),
    ]
    title = _("Trainees by gender")
    held = ngettext("%(n)s training held", "%(n)s trainings held", t["held"]) % {
        "n": integer(t["held"])
    }
    summary = _(
        "%(held)s, %(total)s trainees: %(women)s women (%(share)s), %(men)s men, %(other)s other."
    ) % {
        "held": held,
        "total": integer(t["total"]),
        "women": integer(t["women"]),
        "share": percent(t["women_share"] or 0),
        "men": integer(t["men"]),
        "other": integer(t["other"]),
    }
    rows = [
        {
            "label": label,
            "segments": [
                {"value": count, "colour": GENDER_COLOURS[i], "name": label, "text": integer(count)}
            ],
            "note": _("%(n)s trainees (%(share)s)")
            % {"n": integer(count), "share": percent(Decimal(count) * 100 / t["total"])},
        }
        for i, (label, count) in enumerate(parts)
    ]
    top = max(count for _label, count in parts) or 1
    maximum, ticks = _count_ticks(top)
    return Chart(
        key="trainees",
        title=title,
        summary=summary,
        header=[_("Gender"), _("Trainees")],
        rows=[[label, count] for label, count in parts],
        svg=svg.bars("trainees", title, [{"rows": rows}], {"max": maximum, "ticks": ticks}),
    )


def _count_ticks(top):
    step = 1
    while top / step > 5:
        for factor in (2, 2.5, 2):
            step = int(step * factor)
            if top / step <= 5:
                break
    maximum = -(-top // step) * step
    return maximum, [(v, integer(v)) for v in range(0, maximum + 1, step)]


def handbook_chart(figures):
    handbook = figures.get("handbook")
    if not handbook or not handbook["editions"]:
        return None
    labels = handbook["status_labels"]
    rows, table = [], []
    for edition in handbook["editions"]:
        chapters = edition["chapters"]
        table.append([edition["label"], edition["status_label"], *chapters.values()])
        rows.append(
            {
                "label": f"{edition['label']} · {edition['status_label']}",
                "segments": [
                    {
                        "value": count,
                        "colour": WORK_COLOURS[key],
                        "name": labels[key],
                        "text": integer(count),
                    }
                    for key, count in chapters.items()
                    if count
                ],
                "note": _("%(approved)s of %(total)s chapters approved")
                % {
                    "approved": integer(chapters.get("published", 0)),
                    "total": integer(sum(chapters.values())),
                },
            }
        )
    top = max([sum(e["chapters"].values()) for e in handbook["editions"]] or [1]) or 1
    maximum, ticks = _count_ticks(top)
    s = handbook["suggestions"]
    title = _("Handbook: chapters by status in each edition")
    summary = _(
        "%(editions)s editions; %(suggestions)s suggestions received, %(accepted)s accepted; "
        "%(workshops)s training-of-trainers workshops trained %(trainers)s trainers; "
        "%(copies)s copies distributed."
    ) % {
        "editions": len(handbook["editions"]),
        "suggestions": integer(s["total"]),
        "accepted": integer(s["accepted"]),
        "workshops": integer(handbook["tot_workshops"]),
        "trainers": integer(handbook["trainers_trained"]),
        "copies": integer(handbook["copies_total"]),
    }
    return Chart(
        key="handbook",
        title=title,
        summary=summary,
        header=[_("Edition"), _("Status"), *labels.values()],
        rows=table,
        svg=svg.bars(
            "handbook",
            title,
            [{"rows": rows}],
            {"max": maximum, "ticks": ticks},
            [{"label": label, "colour": WORK_COLOURS[key]} for key, label in labels.items()],
        ),
    )


def copies_chart(figures):
    handbook = figures.get("handbook")
    if not handbook:
        return None
    regions = handbook["copies_by_region"]
    top = max([r["copies"] for r in regions] or [1]) or 1
    maximum, ticks = _count_ticks(top)
    title = _("Handbook copies distributed per region")
    total = handbook["copies_total"] or 0
    rows = [
        {
            "label": r["label"],
            "segments": [
                {
                    "value": r["copies"],
                    "colour": ACCENT,
                    "name": r["label"],
                    "text": integer(r["copies"]),
                }
            ],
            "note": ngettext("%(n)s copy", "%(n)s copies", r["copies"])
            % {"n": integer(r["copies"])}
            + (f" ({percent(Decimal(r['copies']) * 100 / total)})" if total else ""),
        }
        for r in regions
    ]
    return Chart(
        key="copies",
        title=title,
        summary=ngettext("%(n)s copy distributed.", "%(n)s copies distributed.", total)
        % {"n": integer(total)},
        header=[_("Region"), _("Copies")],
        rows=[[r["label"], r["copies"]] for r in regions],
        svg=svg.bars("copies", title, [{"rows": rows}], {"max": maximum, "ticks": ticks}),
    )


def timeline_chart(figures, strand=None):
    """The timeline of every strand, or of one (``strand``: its number) for a page of the PDF."""
    activities = figures["activities"]
    workplan = figures["workplan"]
    today = timezone.localdate()
    from datetime import date

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
            {
                "heading": rows[0]["strand_title"],
                "rows": [
                    {
                        "code": r["code"],
                        "label": f"{r['code']} {r['title']}",
                        "detail": f"{r['phase_label']} · {r['status_label']}",
                        "status": r["status"],
                        "planned": (r["planned_start"], r["planned_end"]),
                        "actual": (r["actual_start"], r["actual_end"]),
                        "depends_on": r["depends_on"],
                    }
                    for r in rows
                ],
            }
        )
        for r in rows:
            table.append(
                [
                    r["code"],
                    r["title"],
                    r["phase_label"],
                    r["status_label"],
                    r["planned_start"],
                    r["planned_end"],
                    r["actual_start"],
                    r["actual_end"],
                    " ".join(r["depends_on"]),
                ]
            )
    labels = activities["status_labels"]
    legend = [{"label": label, "colour": STATUS_COLOURS[key]} for key, label in labels.items()] + [
        {"label": _("Planned (light)"), "colour": "#6c757d", "style": "planned"},
        {"label": _("Actual (solid)"), "colour": "#6c757d"},
        {"label": _("Today"), "colour": "#c92a2a", "style": "line"},
        {"label": _("Round closes"), "colour": "#6f42c1", "style": "diamond"},
        {"label": _("Training"), "colour": "#b35900", "style": "diamond"},
        {"label": _("Leads to"), "colour": "#495057", "style": "arrow"},
    ]
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
        "legend": legend,
        "texts": {"today": _("Today"), "milestones": _("Milestones")},
    }
    if strand is not None:
        title = strands[0]["heading"] if strands else title
    return Chart(
        key="timeline" if strand is None else f"timeline-{strand}",
        title=title,
        summary=summary,
        header=[
            _("Code"),
            _("Activity"),
            _("Phase"),
            _("Status"),
            _("Planned start"),
            _("Planned end"),
            _("Actual start"),
            _("Actual end"),
            _("Depends on"),
        ],
        rows=table,
        svg=svg.timeline("timeline" if strand is None else f"timeline-{strand}", title, spec),
    )


def map_chart(figures):
    """The map's data: drawn in the browser from the vendored shapes; its CSV comes from here."""
    data = figures.get("map")
    if not data:
        return None
    texts = {
        "not_started": _("Not started"),
        "draft": _("Draft"),
        "submitted": _("Submitted"),
        "returned": _("Returned for changes"),
    }
    counts = dict.fromkeys(texts, 0)
    for country in data["countries"]:
        counts[country["status"]] = counts.get(country["status"], 0) + 1
    return Chart(
        key="map",
        title=_("Parties by needs-assessment status and trainees trained"),
        summary=", ".join(f"{texts[k]}: {integer(v)}" for k, v in counts.items()),
        header=[_("ISO code"), _("Party"), _("Needs assessment"), _("Trainees trained")],
        rows=[
            [c["iso2"], c["name"], texts.get(c["status"], c["status"]), c["trainees"]]
            for c in data["countries"]
        ],
    )


BUILDERS = [
    timeline_chart,
    status_chart,
    budget_chart,
    indicator_chart,
    needs_chart,
    trainees_chart,
    handbook_chart,
    copies_chart,
    map_chart,
]


def dashboard_charts(figures):
    """Every chart the figures allow, in page order, by key."""
    charts = {}
    for build in BUILDERS:
        chart = build(figures)
        if chart is not None:
            charts[chart.key] = chart
    return charts


def indicator_pages(figures, size=14):
    """The indicator chart in parts of ``size`` rows, each fitting an A4 page of the PDF."""
    rows = figures["indicators"]
    return [
        indicator_chart({**figures, "indicators": rows[i : i + size]}, key=f"indicators-{n}")
        for n, i in enumerate(range(0, len(rows), size), start=1)
    ]
