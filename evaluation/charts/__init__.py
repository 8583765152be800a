"""The dashboard's charts, each defined once: title, text summary, data table and drawing.

The same definition serves the page, its print, the PDF report, the CSV download (the rows)
and the SVG download (the drawing). Scales cannot mislead: shares run from 0 to 100 % with
values beyond the target marked rather than stretching the axis, money is drawn on one axis
from zero, and every figure is written as the thing it counts.

``base`` holds what every chart shares, ``plan`` the plan's own charts (timeline, status,
budget, indicators), ``reach`` what it reached (needs, trainees, handbook, map).
"""

from evaluation.charts import plan, reach

BUILDERS = [
    plan.timeline_chart,
    plan.status_chart,
    plan.budget_chart,
    plan.indicator_chart,
    reach.needs_chart,
    reach.trainees_chart,
    reach.handbook_chart,
    reach.copies_chart,
    reach.map_chart,
]


def dashboard_charts(figures):
    """Every chart the figures allow, in page order, by key."""
    charts = {}
    for build in BUILDERS:
        chart = build(figures)
        if chart is not None:
            charts[chart.key] = chart
    return charts
