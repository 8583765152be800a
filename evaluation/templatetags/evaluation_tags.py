from django import template

from evaluation import charts

register = template.Library()


@register.filter
def measure(value, unit):
    """An indicator's figure as the thing it counts: "45 copies", not "45.00 copies"."""
    return charts.measure(value, unit or "")


@register.filter
def plain_number(value):
    return "—" if value is None else charts.number(value)
