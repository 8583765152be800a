from django import template

from workplan.templatetags.workplan_tags import badge_filter

register = template.Library()

work_badge = badge_filter(
    register,
    "work_badge",
    {
        "planned": "text-bg-light border",
        "drafting": "text-bg-info",
        "in_review": "text-bg-warning",
        "published": "text-bg-success",
    },
)
suggestion_badge = badge_filter(
    register,
    "suggestion_badge",
    {
        "new": "text-bg-primary",
        "accepted": "text-bg-success",
        "merged": "text-bg-info",
        "declined": "text-bg-secondary",
    },
)
