from django import template

from evaluation.charts.base import measure as measure_text
from evaluation.charts.base import number

register = template.Library()


@register.filter
def measure(value, unit):
    """An indicator's figure as the thing it counts: "45 copies", not "45.00 copies"."""
    return measure_text(value, unit or "")


@register.filter
def plain_number(value):
    return "—" if value is None else number(value)
