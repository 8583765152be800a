"""The charts of what the plan reached: needs assessments per region, trainees by gender, the
handbook (a section the handbook registers in workplan.panels), and the map's table."""

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from evaluation import svg
from evaluation.charts.base import (
    ACCENT,
    GENDER_COLOURS,
    PERCENT_AXIS,
    WORK_COLOURS,
    Chart,
    bar,
    count_axis,
    integer,
    legend,
    part_of,
    percent,
    stacked,
)


def needs_chart(figures):
    needs = figures["needs"]
    if not needs:
        return None
    rows, table = [], []
    for row in needs["regions"]:
        table.append([row["label"], row["parties"], row["submitted"], row["share"]])
        share = percent(row["share"] or 0)
        note = _("%(n)s of %(total)s Parties (%(share)s)") % {
            "n": integer(row["submitted"]),
            "total": integer(row["parties"]),
            "share": share,
        }
        rows.append(
            bar(
                row["label"],
                row["share"] or 0,
                colour=ACCENT,
                name=_("Submitted"),
                text=share,
                note=note,
            )
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
        bar(
            label,
            count,
            colour=GENDER_COLOURS[i],
            name=label,
            text=integer(count),
            note=_("%(n)s trainees (%(share)s)")
            % {"n": integer(count), "share": part_of(count, t["total"])},
        )
        for i, (label, count) in enumerate(parts)
    ]
    top = max(count for _label, count in parts) or 1
    return Chart(
        key="trainees",
        title=title,
        summary=summary,
        header=[_("Gender"), _("Trainees")],
        rows=[[label, count] for label, count in parts],
        svg=svg.bars("trainees", title, [{"rows": rows}], count_axis(top)),
    )


def _handbook_summary(handbook):
    words = {
        "suggestions": handbook["suggestions"]["total"],
        "accepted": handbook["suggestions"]["accepted"],
        "workshops": handbook["tot_workshops"],
        "trainers": handbook["trainers_trained"],
        "copies": handbook["copies_total"],
    }
    return _(
        "%(editions)s editions; %(suggestions)s suggestions received, %(accepted)s accepted; "
        "%(workshops)s training-of-trainers workshops trained %(trainers)s trainers; "
        "%(copies)s copies distributed."
    ) % {"editions": len(handbook["editions"]), **{k: integer(v) for k, v in words.items()}}


def handbook_chart(figures):
    handbook = figures.get("handbook")
    if not handbook or not handbook["editions"]:
        return None
    labels = handbook["status_labels"]
    rows, table = [], []
    for edition in handbook["editions"]:
        chapters = edition["chapters"]
        table.append([edition["label"], edition["status_label"], *chapters.values()])
        note = _("%(approved)s of %(total)s chapters approved") % {
            "approved": integer(chapters.get("published", 0)),
            "total": integer(sum(chapters.values())),
        }
        rows.append(
            stacked(
                f"{edition['label']} · {edition['status_label']}",
                chapters,
                colours=WORK_COLOURS,
                names=labels,
                note=note,
            )
        )
    top = max([sum(e["chapters"].values()) for e in handbook["editions"]] or [1]) or 1
    title = _("Handbook: chapters by status in each edition")
    return Chart(
        key="handbook",
        title=title,
        summary=_handbook_summary(handbook),
        header=[_("Edition"), _("Status"), *labels.values()],
        rows=table,
        svg=svg.bars(
            "handbook", title, [{"rows": rows}], count_axis(top), legend(labels, WORK_COLOURS)
        ),
    )


def copies_chart(figures):
    handbook = figures.get("handbook")
    if not handbook:
        return None
    regions = handbook["copies_by_region"]
    top = max([r["copies"] for r in regions] or [1]) or 1
    title = _("Handbook copies distributed per region")
    total = handbook["copies_total"] or 0
    rows = [
        bar(
            r["label"],
            r["copies"],
            colour=ACCENT,
            name=r["label"],
            text=integer(r["copies"]),
            note=ngettext("%(n)s copy", "%(n)s copies", r["copies"]) % {"n": integer(r["copies"])}
            + (f" ({part_of(r['copies'], total)})" if total else ""),
        )
        for r in regions
    ]
    return Chart(
        key="copies",
        title=title,
        summary=ngettext("%(n)s copy distributed.", "%(n)s copies distributed.", total)
        % {"n": integer(total)},
        header=[_("Region"), _("Copies")],
        rows=[[r["label"], r["copies"]] for r in regions],
        svg=svg.bars("copies", title, [{"rows": rows}], count_axis(top)),
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
