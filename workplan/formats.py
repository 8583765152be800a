"""Money in the reader's language: the one helper for pages, e-mails and exports.

"US$45,000" in English, "US$45 000" in French and Spanish (Django's locale formats: a
non-breaking space groups thousands, a comma marks the cents).
"""

from decimal import Decimal

from django.utils.formats import number_format


def money_format(value) -> str:
    """US$ with the active language's grouping, and no cents when there are none."""
    if value is None:
        return ""
    value = Decimal(value)
    places = 0 if value == value.to_integral_value() else 2
    return f"US${number_format(value, decimal_pos=places, force_grouping=True)}"
