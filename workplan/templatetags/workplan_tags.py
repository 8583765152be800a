from django import template
from django.template.defaultfilters import linebreaksbr
from django.utils.html import conditional_escape, format_html
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from workplan import formats
from workplan.i18n import content_language

register = template.Library()


# The money helpers live in workplan.formats; these names are their template faces.
usd = formats.money_format
money = register.filter("money", formats.money_format)
budget_range = register.filter("budget_range", formats.budget_words)
total_range = register.simple_tag(formats.money_range, name="total_range")


def badge_filter(library, name, classes, default="text-bg-secondary"):
    """Register on ``library`` a filter ``name`` giving a status's Bootstrap badge classes from
    ``classes`` (``default`` for a status it does not name). Every app's badges are made here."""
    return library.filter(name, lambda status: classes.get(status, default))


phase_badge = badge_filter(
    register,
    "phase_badge",
    {
        "planning": "text-bg-secondary",
        "construction": "text-bg-info",
        "implementation": "text-bg-primary",
        "feedback": "text-bg-warning",
    },
)
status_badge = badge_filter(
    register,
    "status_badge",
    {
        "not_started": "text-bg-light border",
        "in_progress": "text-bg-primary",
        "completed": "text-bg-success",
        "on_hold": "text-bg-warning",
        "cancelled": "text-bg-dark",
    },
)


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
