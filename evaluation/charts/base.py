"""What every chart shares: the Chart itself, its colours, the way it writes numbers, money and
shares, its axes, and the rows and legends the drawings take (evaluation.svg)."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from workplan.formats import money_format
from workplan.models import Status

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


def part_of(count, total):
    """``count`` as a share of ``total``, written as a percentage: "38%"."""
    return percent(Decimal(count) * 100 / total)


def measure(value, unit):
    """An indicator's value as the thing it counts: "45 copies", "38 %"."""
    if value is None:
        return "—"
    if unit.strip() == "%":
        value = Decimal(value).quantize(Decimal("0.1"))
        return _("%(value)s%%") % {"value": number(value)}
    return f"{number(value)} {unit}".strip()


def usd_range(low, high):
    """An estimate as the plan writes it: one figure, or low–high."""
    return money_format(low) if low == high else f"{money_format(low)}–{money_format(high)}"


def _short_usd(value):
    if value >= 1_000_000:
        return _("US$%(n)sM") % {"n": number_format(value / 1_000_000, 1)}
    if value >= 1_000:
        return _("US$%(n)sk") % {"n": number_format(value / 1_000, 0)}
    return money_format(value)


def money_axis(top):
    """Four to six round steps of money from zero that cover ``top``."""
    if top <= 0:
        return {"max": 1, "ticks": [(0, money_format(0))]}
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
    return {"max": maximum, "ticks": ticks}


def count_axis(top):
    """At most five round steps of whole counts from zero that cover ``top``."""
    step = 1
    while top / step > 5:
        for factor in (2, 2.5, 2):
            step = int(step * factor)
            if top / step <= 5:
                break
    maximum = -(-top // step) * step
    return {"max": maximum, "ticks": [(v, integer(v)) for v in range(0, maximum + 1, step)]}


PERCENT_AXIS = {
    "max": 100,
    "ticks": [(v, f"{v}%") for v in (0, 25, 50, 75, 100)],
}


def bar(label, value, *, colour, name, text, note="", **extra):
    """A row of one segment."""
    segment = {"value": value, "colour": colour, "name": name, "text": text}
    return {"label": label, "segments": [segment], "note": note, **extra}


def stacked(label, counts, *, colours, names, note, css_prefix=""):
    """A row of one segment a non-zero count, in the order of ``counts`` (key: count)."""
    segments = []
    for key, count in counts.items():
        if count:
            segment = {"value": count, "colour": colours[key], "name": names[key]}
            segment["text"] = integer(count)
            if css_prefix:
                segment["class"] = f"{css_prefix}{key}"
            segments.append(segment)
    return {"label": label, "segments": segments, "note": note}


def legend(names, colours):
    """One legend entry a key of ``names`` (key: label), in its colour."""
    return [{"label": label, "colour": colours[key]} for key, label in names.items()]
