from django import template
from django.template.defaultfilters import linebreaksbr
from django.utils.html import conditional_escape, format_html
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from workplan.formats import money_format
from workplan.i18n import content_language

register = template.Library()


def usd(value):
    """US$ in the reader's language (workplan.formats.money_format)."""
    return money_format(value)


@register.filter
def money(value):
    return "" if value is None else usd(value)


@register.filter
def budget_range(activity):
    """The estimate as the plan writes it: a range, a single figure, none, or to be decided."""
    if activity.budget_min is None:
        return _("To be determined")
    if activity.no_additional_funds or activity.budget_max == 0:
        return _("No additional funds")
    if activity.budget_min == activity.budget_max:
        text = usd(activity.budget_min)
    else:
        text = f"{usd(activity.budget_min)}–{usd(activity.budget_max)}"
    if activity.budget_basis:
        text = f"{text} {activity.budget_basis}"
    return text


@register.simple_tag
def total_range(minimum, maximum):
    if minimum is None:
        return _("To be determined")
    if minimum == maximum:
        return usd(minimum)
    return f"{usd(minimum)}–{usd(maximum)}"


PHASE_BADGES = {
    "planning": "text-bg-secondary",
    "construction": "text-bg-info",
    "implementation": "text-bg-primary",
    "feedback": "text-bg-warning",
}
STATUS_BADGES = {
    "not_started": "text-bg-light border",
    "in_progress": "text-bg-primary",
    "completed": "text-bg-success",
    "on_hold": "text-bg-warning",
    "cancelled": "text-bg-dark",
}


@register.filter
def phase_badge(phase):
    return PHASE_BADGES.get(phase, "text-bg-secondary")


@register.filter
def status_badge(status):
    return STATUS_BADGES.get(status, "text-bg-secondary")


@register.simple_tag
def figures_generation():
    """For {% cache %} keys of figure fragments: changes whenever project data is written."""
    from workplan.cache import figures_generation as generation

    return generation()


@register.simple_tag
def translated(obj, field, lines=False):
    """A translated field in the reader's language; English fallback marked as English.

    ``{% translated activity "title" %}``; ``lines=True`` keeps the line breaks. When French or
    Spanish is missing, the English text carries lang="en" and a small "English" badge, so a
    reader knows it is not yet translated (never an empty field).
    """
    value = getattr(obj, field, "") or ""
    text = linebreaksbr(value, autoescape=True) if lines else conditional_escape(value)
    shown = content_language(obj, field)
    if not value or shown == (get_language() or "").split("-")[0]:
        return text
    return format_html(
        '<span lang="{}">{}</span> <span class="badge text-bg-light border fw-normal '
        'fallback-language" title="{}">{}</span>',
        shown,
        text,
        _("Not translated yet: shown in English"),
        _("English"),
    )


@register.simple_tag(takes_context=True)
def per_request(context, template_name):
    """A part of the page rendered for each request, even when the page comes from the cache."""
    from workplan.page_cache import per_request as render_per_request

    return render_per_request(context, template_name)
