"""Spreadsheet exports that a spreadsheet program cannot turn against its reader.

Every app's export resources derive from ``EscapedResource``. A text cell that starts with
=, +, -, @, tab or carriage return gets a leading apostrophe, so Excel or LibreOffice shows it
as text instead of running it as a formula (CSV/formula injection). Numbers and dates are left
as they are: in XLSX they keep their types, and a plain number such as "-450.00" in CSV stays a
number. django-import-export's own IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT is off: it only drops
a leading "=" (changing the data) and turns every cell into text.
"""

import re

from import_export import resources

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[-+]?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?")


def escape_formula(value):
    """The value, with an apostrophe in front if a spreadsheet would read it as a formula."""
    if (
        isinstance(value, str)
        and value.startswith(FORMULA_STARTS)
        and not _PLAIN_NUMBER.fullmatch(value)
    ):
        return "'" + value
    return value


class EscapedResource(resources.ModelResource):
    """A ModelResource whose exported rows are escaped cell by cell."""

    def export_resource(self, instance, selected_fields=None, **kwargs):
        row = super().export_resource(instance, selected_fields=selected_fields, **kwargs)
        return [escape_formula(value) for value in row]
