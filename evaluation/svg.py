"""Two SVG drawings for every chart of the dashboard and the report: labelled horizontal bars
and a timeline. Drawn on the server from a chart's data, so the page, its print and the PDF
(WeasyPrint runs no JavaScript) show the same picture, and the SVG download is that picture.

Labels sit on their own line above each bar at full length (never cut); text is real SVG text,
so screen readers and ``pdftotext`` find it.
"""

from datetime import date

from django.utils.formats import date_format
from django.utils.html import escape
from django.utils.safestring import mark_safe

FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"
TEXT = "#212529"
MUTED = "#595f64"  # 6.6:1 on white
TRACK = "#e9ecef"
GRID = "#ced4da"


def _attrs(**attributes):
    parts = []
    for name, value in attributes.items():
        if value is None:
            continue
        parts.append(f'{name.rstrip("_").replace("_", "-")}="{escape(str(value))}"')
    return " ".join(parts)


def _text(x, y, content, size=12, anchor="start", weight=None, fill=TEXT, **extra):
    attributes = _attrs(
        x=f"{x:.1f}",
        y=f"{y:.1f}",
        font_size=size,
        text_anchor=anchor,
        font_weight=weight,
        fill=fill,
        **extra,
    )
    return f"<text {attributes}>{escape(content)}</text>"


def _rect(x, y, width, height, fill, **extra):
    title = extra.pop("data_title", None)
    attributes = _attrs(
        x=f"{x:.1f}",
        y=f"{y:.1f}",
        width=f"{max(width, 0):.1f}",
        height=f"{height:.1f}",
        fill=fill,
        **extra,
    )
    inner = f"<title>{escape(title)}</title>" if title else ""
    return f"<rect {attributes}>{inner}</rect>"


def wrap(text, width):
    """``text`` cut at spaces into lines of at most ``width`` characters."""
    lines, line = [], ""
    for word in str(text).split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return [*lines, line] if line else lines or [""]


def _svg(key, title, width, height, body, kind):
    return mark_safe(  # noqa: S308 - every text and attribute above is escaped
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart-svg chart-{kind}" '
        f'id="svg-{escape(key)}" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'role="img" aria-labelledby="svg-{escape(key)}-title" '
        f'font-family="{FONT}">'
        f'<title id="svg-{escape(key)}-title">{escape(title)}</title>'
        f'<rect width="{width}" height="{height}" fill="#fff"/>' + "".join(body) + "</svg>"
    )


def _legend(items, y, width, x=0, key=""):
    """Swatches in a row, wrapping onto new lines; returns (elements, height)."""
    body, cx, cy = [], x, y
    for item in items:
        label, colour = item["label"], item["colour"]
        size = 11.5 + 7 * len(label) + 24
        if cx + size > width and cx > x:
            cx, cy = x, cy + 20
        style = item.get("style", "solid")
        if style == "line":
            body.append(
                f'<line x1="{cx}" x2="{cx + 14}" y1="{cy + 6}" y2="{cy + 6}" stroke="{colour}" '
                f'stroke-width="2" stroke-dasharray="4 3"/>'
            )
        elif style == "diamond":
            body.append(_diamond(cx + 7, cy + 6, 6, colour))
        elif style == "arrow":
            body.append(
                f'<path d="M{cx} {cy + 6} H{cx + 12}" stroke="{colour}" stroke-width="1.5" '
                f'fill="none" marker-end="url(#arrow-{escape(key)})"/>'
            )
        elif style == "planned":
            body.append(
                _rect(cx, cy, 14, 12, colour, fill_opacity="0.3", stroke=colour, stroke_width=1)
            )
        else:
            body.append(_rect(cx, cy, 14, 12, colour))
        body.append(_text(cx + 19, cy + 10.5, label, size=12))
        cx += size
    return body, cy + 20 - y


def _diamond(x, y, r, colour, **extra):
    title = extra.pop("title", None)
    return (
        f'<path d="M{x:.1f} {y - r:.1f} L{x + r:.1f} {y:.1f} L{x:.1f} {y + r:.1f} '
        f'L{x - r:.1f} {y:.1f} Z" fill="{colour}" {_attrs(**extra)}>'
        + (f"<title>{escape(title)}</title>" if title else "")
        + "</path>"
    )


def _arrow_defs(key):
    return (
        f'<defs><marker id="arrow-{escape(key)}" viewBox="0 0 10 10" refX="9" refY="5" '
        'markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0 0 L10 5 '
        'L0 10 z" fill="#495057"/></marker></defs>'
    )


def bars(key, title, groups, axis, legend=(), width=760, label_chars=100):
    """Horizontal bars, one per row, grouped under optional headings.

    ``groups``: [{"heading": str or None, "rows": [row]}]; a row is {"label", "segments":
    [{"value", "colour", "name", "style"}], "note", "overflow"}. Values are drawn on
    ``axis["max"]`` (a row beyond it is drawn to the end with an arrow and its note says by how
    much); ``axis["ticks"]`` are (value, label) pairs; ``axis["reference"]`` a dashed line.
    """
    note_width = 230
    track = width - note_width - 10
    scale = track / float(axis["max"]) if axis["max"] else 0
    body, y = [], 8
    for group in groups:
        if group.get("heading"):
            for line in wrap(group["heading"], label_chars):
                y += 16
                body.append(_text(0, y, line, size=13, weight="600"))
            y += 6
        for row in group["rows"]:
            for line in wrap(row["label"], label_chars):
                y += 15
                body.append(_text(0, y, line, size=12.5))
            y += 5
            body.append(_rect(0, y, track, 16, TRACK))
            x = 0.0
            for segment in row["segments"]:
                value = max(float(segment["value"] or 0), 0)
                length = min(value * scale, track - x)
                style = segment.get("style", "solid")
                extra = {"class_": f"bar {segment.get('class', '')}".strip()}
                extra["data_title"] = f"{segment['name']}: {segment['text']}"
                if style == "range":
                    body.append(
                        _rect(x, y, length, 16, segment["colour"], fill_opacity="0.35", **extra)
                    )
                else:
                    body.append(_rect(x, y, length, 16, segment["colour"], **extra))
                x += length
            if row.get("overflow"):
                body.append(
                    f'<path d="M{track + 1:.1f} {y - 2:.1f} L{track + 9:.1f} {y + 8:.1f} '
                    f'L{track + 1:.1f} {y + 18:.1f} Z" fill="{TEXT}" class="overflow"/>'
                )
            body.append(_text(track + 14, y + 12.5, row.get("note", ""), size=12, fill=TEXT))
            y += 16 + 8
        y += 6
    top, bottom = 4, y
    ticks = list(axis.get("ticks", ()))
    for index, (value, label) in enumerate(ticks):
        x = float(value) * scale
        body.insert(
            0, f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{top}" y2="{bottom}" stroke="{GRID}"/>'
        )
        anchor = "start" if index == 0 else "end" if index == len(ticks) - 1 else "middle"
        body.append(_text(x, bottom + 14, label, size=11, anchor=anchor, fill=MUTED))
    if axis.get("reference"):
        value, label = axis["reference"]
        x = float(value) * scale
        body.append(
            f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{top}" y2="{bottom}" stroke="{TEXT}" '
            f'stroke-dasharray="4 3"/>'
        )
    y = bottom + 22
    if legend:
        items, height = _legend(legend, y + 4, width)
        body.extend(items)
        y += height + 6
    return _svg(key, title, width, y + 4, body, "bars")


# --- Timeline ------------------------------------------------------------------------------

LABEL_WIDTH = 380
ROW = 44


def _month_start(day):
    return day.replace(day=1)


def _add_months(day, months):
    month = day.month - 1 + months
    return date(day.year + month // 12, month % 12 + 1, 1)


def timeline(key, title, spec):
    """The work plan's activities as planned and actual bars on one time axis, by strand.

    ``spec``: {"start", "end", "today", "strands": [{"heading", "rows": [activity]}],
    "milestones": [{"date", "label", "kind"}], "colours": {status: colour}, "legend": [...],
    "texts": {"today", "milestones"}}; an activity is {"code", "label", "detail", "status",
    "planned": (start, end), "actual": (start, end or None), "depends_on": [codes]}.
    """
    width = 1180
    plot = width - LABEL_WIDTH - 20
    start = _month_start(spec["start"])
    end = _add_months(_month_start(spec["end"]), 1)
    days = (end - start).days or 1

    def x_of(day):
        return LABEL_WIDTH + plot * min(max((day - start).days, 0), days) / days

    body, y = [_arrow_defs(key)], 34
    # Milestones lane.
    lane = spec.get("milestones") or []
    if lane:
        body.append(_text(0, y + 14, spec["texts"]["milestones"], size=12.5, weight="600"))
        for milestone in lane:
            colour = "#6f42c1" if milestone["kind"] == "round" else "#b35900"
            body.append(
                _diamond(
                    x_of(milestone["date"]),
                    y + 10,
                    6,
                    colour,
                    class_=f"milestone milestone-{milestone['kind']}",
                    title=f"{date_format(milestone['date'], 'DATE_FORMAT')}: {milestone['label']}",
                )
            )
        y += 28
    position = {}
    for strand in spec["strands"]:
        body.append(_rect(0, y, width, 22, "#f1f3f5"))
        body.append(_text(6, y + 15.5, strand["heading"][:150], size=12.5, weight="600"))
        y += 26
        for row in strand["rows"]:
            lines = wrap(row["label"], 56)[:2]
            if len(wrap(row["label"], 56)) > 2:
                lines[1] = lines[1][:53] + "…"
            body.append(
                f'<g class="activity" data-activity="{escape(row["code"])}">'
                f"<title>{escape(row['label'])} · {escape(row['detail'])}</title>"
            )
            for index, line in enumerate(lines):
                body.append(_text(0, y + 13 + 13 * index, line, size=12))
            body.append(_text(0, y + 13 + 13 * len(lines), row["detail"], size=11, fill=MUTED))
            colour = spec["colours"].get(row["status"], "#6c757d")
            planned = row.get("planned")
            if planned and planned[0] and planned[1]:
                x1, x2 = x_of(planned[0]), x_of(planned[1])
                body.append(
                    _rect(
                        x1,
                        y + 6,
                        max(x2 - x1, 3),
                        12,
                        colour,
                        fill_opacity="0.3",
                        stroke=colour,
                        stroke_width=1,
                        class_=f"bar bar-planned status-{row['status']}",
                        data_status=row["status"],
                    )
                )
                position[row["code"]] = (x1, x2, y + 12)
            actual = row.get("actual")
            if actual and actual[0]:
                x1 = x_of(actual[0])
                x2 = x_of(actual[1] or spec["today"])
                body.append(
                    _rect(
                        x1,
                        y + 21,
                        max(x2 - x1, 3),
                        12,
                        colour,
                        class_=f"bar bar-actual status-{row['status']}",
                        data_status=row["status"],
                    )
                )
            body.append("</g>")
            y += ROW
    bottom = y
    # Even ticks: every quarter, the year written under January.
    tick = start
    while tick <= end:
        x = x_of(tick)
        major = tick.month == 1
        body.insert(
            1,
            f'<line x1="{x:.1f}" x2="{x:.1f}" y1="26" y2="{bottom}" '
            f'stroke="{GRID if major else TRACK}"/>',
        )
        if x > width - 40:
            break
        body.append(_text(x + 3, 12, date_format(tick, "M"), size=11, fill=MUTED))
        if major or tick == start:
            body.append(_text(x + 3, 25, str(tick.year), size=11.5, weight="600"))
        tick = _add_months(tick, 3)
    # Dependencies: from the end of what comes first to the start of what it leads to.
    for strand in spec["strands"]:
        for row in strand["rows"]:
            for before in row.get("depends_on", ()):
                if before not in position or row["code"] not in position:
                    continue
                bx1, bx2, by = position[before]
                ax1, _ax2, ay = position[row["code"]]
                elbow = max(bx2 + 6, min(ax1 - 6, bx2 + 6)) if ax1 > bx2 + 12 else bx2 + 6
                body.append(
                    f'<path class="dependency" data-from="{escape(before)}" '
                    f'data-to="{escape(row["code"])}" d="M{bx2:.1f} {by:.1f} H{elbow:.1f} '
                    f'V{ay:.1f} H{ax1 - 1:.1f}" fill="none" stroke="#495057" '
                    f'stroke-width="1.2" marker-end="url(#arrow-{escape(key)})"/>'
                )
    today = spec["today"]
    if start <= today <= end:
        x = x_of(today)
        body.append(
            f'<line class="today" x1="{x:.1f}" x2="{x:.1f}" y1="26" y2="{bottom}" '
            f'stroke="#c92a2a" stroke-width="1.5" stroke-dasharray="5 3"/>'
        )
        body.append(
            _text(
                x,
                bottom + 13,
                spec["texts"]["today"],
                size=11.5,
                anchor="middle",
                fill="#c92a2a",
                weight="600",
            )
        )
    items, height = _legend(spec["legend"], bottom + 22, width, key=key)
    body.extend(items)
    return _svg(key, title, width, bottom + 22 + height + 6, body, "timeline")
