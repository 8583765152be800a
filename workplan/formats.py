"""Money in the reader's language: the one module for pages, the admin, e-mails, exports and IATI.

"US$45,000" in English, "US$45 000" in French and Spanish (Django's locale formats: a
non-breaking space groups thousands, a comma marks the cents). Templates reach these through the
``money`` and ``budget_range`` filters and the ``total_range`` tag (workplan_tags).
"""

from decimal import Decimal

from django.utils.formats import number_format
from django.utils.translation import gettext as _

# The same US$ amounts as spreadsheet cells: typed numbers with the currency in the cell format.
XLSX_MONEY_FORMAT = '"US$"#,##0.00'


def money_format(value) -> str:
    """US$ with the active language's grouping, and no cents when there are none."""
    if value is None:
        return ""
    value = Decimal(value)
    places = 0 if value == value.to_integral_value() else 2
    return f"US${number_format(value, decimal_pos=places, force_grouping=True)}"


def money_range(minimum, maximum) -> str:
    """An estimate from its two ends: one figure when they agree, "to be determined" without."""
    if minimum is None:
        return _("To be determined")
    if minimum == maximum:
        return money_format(minimum)
    return f"{money_format(minimum)}–{money_format(maximum)}"


def budget_words(activity) -> str:
    """An activity's estimate as the plan writes it: a range, a single figure, none, or to be
    decided, followed by what one estimate covers ("per regional training")."""
    if activity.budget_min is None:
        return _("To be determined")
    if activity.no_additional_funds or activity.budget_max == 0:
        return _("No additional funds")
    text = money_range(activity.budget_min, activity.budget_max)
    if activity.budget_basis:
        text = f"{text} {activity.budget_basis}"
    return text
