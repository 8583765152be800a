from django import template

register = template.Library()

WORK_BADGES = {
    "planned": "text-bg-light border",
    "drafting": "text-bg-info",
    "in_review": "text-bg-warning",
    "published": "text-bg-success",
}
SUGGESTION_BADGES = {
    "new": "text-bg-primary",
    "accepted": "text-bg-success",
    "merged": "text-bg-info",
    "declined": "text-bg-secondary",
}


@register.filter
def work_badge(status):
    return WORK_BADGES.get(status, "text-bg-secondary")


@register.filter
def suggestion_badge(status):
    return SUGGESTION_BADGES.get(status, "text-bg-secondary")
