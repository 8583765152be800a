"""Spreadsheet exports that a spreadsheet program cannot turn against its reader.

Every app's export resources derive from ``EscapedResource``. A text cell that starts with
=, +, -, @, tab or carriage return gets a leading apostrophe, so Excel or LibreOffice shows it
as text instead of running it as a formula (CSV/formula injection). Numbers and dates are left
as they are: in XLSX they keep their types, and a plain number such as "-450.00" in CSV stays a
number. django-import-export's own IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT is off: it only drops
a leading "=" (changing the data) and turns every cell into text.
"""

import numbers
import re
from datetime import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets
from import_export.widgets import ManyToManyWidget

from workplan import spreadsheets

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


# --- headers, labels and typed cells ------------------------------------------------------------


def _normal(text):
    return " ".join(str(text).split()).casefold()


class ChoiceWidget(widgets.Widget):
    """A field with choices: exported as its label in the reader's language; imported from the
    label in any of the site's languages, or from the stored code."""

    def __init__(self, choices, *, blank=False, default=None):
        super().__init__(coerce_to_string=True)
        self.choices = [(code, label) for code, label in choices if code not in (None, "")]
        self.blank = blank
        self.default = default

    def labels(self):
        return [str(label) for _code, label in self.choices]

    def _lookup(self):
        # Built once per widget (the labels of every language do not change): an import of
        # 10,000 rows asks for it on every row.
        if getattr(self, "_lookup_cache", None) is None:
            self._lookup_cache = self._build_lookup()
        return self._lookup_cache

    def _build_lookup(self):
        lookup = {}
        for code, _label in self.choices:
            lookup[_normal(code)] = code
        for language, _name in settings.LANGUAGES:
            with translation.override(language):
                for code, label in self.choices:
                    lookup.setdefault(_normal(label), code)
        return lookup

    def clean(self, value, row=None, **kwargs):
        if value is None or str(value).strip() == "":
            if self.default not in (None, ""):
                return self.default  # an empty cell takes the field's default, as a new row would
            if self.blank:
                return ""
            raise ValueError(
                _("A value is required: one of %(allowed)s.") % {"allowed": self._allowed()}
            )
        code = self._lookup().get(_normal(value))
        if code is None:
            raise ValueError(
                _("“%(value)s” is not one of the allowed values: %(allowed)s.")
                % {"value": value, "allowed": self._allowed()}
            )
        return code

    def _allowed(self):
        return ", ".join(f"“{label}”" for label in self.labels())

    def render(self, value, obj=None, **kwargs):
        return str(dict(self.choices).get(value, value or ""))


class DateWidget(widgets.DateWidget):
    """A date; a spreadsheet's date cell arrives as a date-time at midnight."""

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, datetime):
            return value.date()
        return super().clean(value, row=row, **kwargs)


def _not_a_number(value):
    return ValueError(_("“%(value)s” is not a number.") % {"value": value})


class PlainNumberMixin:
    """A number in a text file is written the same in every language ("40000.50", never the
    French "40000,50"), as its dates are: a CSV exported in one language imports in another.
    Spreadsheets get the number itself (a number cell)."""

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return None if kwargs.get("force_native_type") else ""
        if kwargs.get("force_native_type") or not self.coerce_to_string:
            return value
        return str(value) if isinstance(value, numbers.Number) else ""


class DecimalWidget(PlainNumberMixin, widgets.DecimalWidget):
    """A decimal at the field's precision: a number cell 91000 is 91000.00, as stored. A word,
    NaN, infinity or a number too long for the column is the row's error, not the library's
    ``decimal.ConversionSyntax`` (which stopped the whole preview)."""

    def __init__(self, decimal_places):
        super().__init__(coerce_to_string=True)
        self.quantum = Decimal(1).scaleb(-decimal_places)

    def clean(self, value, row=None, **kwargs):
        try:
            cleaned = super().clean(value, row=row, **kwargs)
            if cleaned is None:
                return None
            if not cleaned.is_finite():
                raise _not_a_number(value)
            return cleaned.quantize(self.quantum)
        except (ArithmeticError, TypeError):
            raise _not_a_number(value) from None


class IntegerWidget(PlainNumberMixin, widgets.IntegerWidget):
    """A whole number; a word or infinity is the row's error, named by its column."""

    def clean(self, value, row=None, **kwargs):
        try:
            return super().clean(value, row=row, **kwargs)
        except (ArithmeticError, TypeError):
            raise _not_a_number(value) from None


class BooleanWidget(widgets.BooleanWidget):
    """Yes or no: 1/0, true/false, or yes/no in English, French or Spanish. Anything else is
    the row's error (the library read every word it did not know as "no", without a word)."""

    WORDS = {
        True: ("1", "true", "yes", "y", "oui", "vrai", "sí", "si", "verdadero"),
        False: ("0", "false", "no", "n", "non", "faux", "falso"),
    }

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, bool):
            return value
        if value is None or str(value).strip() == "" or _normal(value) in ("null", "none"):
            return None
        if isinstance(value, (int, float)) and value in (0, 1):
            return bool(value)
        word = _normal(value)
        for result, words in self.WORDS.items():
            if word in words:
                return result
        raise ValueError(
            _("“%(value)s” is not one of the allowed values: %(allowed)s.")
            % {"value": value, "allowed": f"“{_('Yes')}”, “{_('No')}”"}
        )


class LabelledField(fields.Field):
    """A declared column with the header its readers see (translated when the file is made)."""

    def __init__(self, *args, label=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.label = label


class SpreadsheetResource(resources.ModelResource):
    """Headers are the fields' verbose names in the downloader's language, choices their labels,
    dates and numbers typed cells (the admin asks for native types for XLSX), money columns
    marked for the currency format, the sheet named after the model. An import accepts the
    same headers in English, French or Spanish, or the field names, and choices by label or
    code, so an exported file imports back unchanged."""

    money_fields = ()

    @classmethod
    def field_from_django_field(cls, field_name, django_field, readonly):
        field = super().field_from_django_field(field_name, django_field, readonly)
        if isinstance(django_field, models.DateField) and not isinstance(
            django_field, models.DateTimeField
        ):
            field.widget = DateWidget()
        elif isinstance(django_field, models.DecimalField):
            field.widget = DecimalWidget(django_field.decimal_places)
        elif isinstance(field.widget, widgets.BooleanWidget):
            field.widget = BooleanWidget(coerce_to_string=field.widget.coerce_to_string)
        elif isinstance(field.widget, widgets.IntegerWidget):
            field.widget = IntegerWidget(coerce_to_string=field.widget.coerce_to_string)
        elif isinstance(django_field, (models.CharField, models.TextField)) and (
            django_field.blank and not django_field.null and not django_field.choices
        ):
            # An empty cell is an empty text, never NULL (which the column refuses).
            field.widget = widgets.CharWidget(coerce_to_string=True, allow_blank=True)
        if django_field.choices:
            field.widget = ChoiceWidget(
                django_field.choices,
                blank=django_field.blank,
                default=django_field.get_default() if django_field.has_default() else None,
            )
        return field

    def field_label(self, field):
        label = getattr(field, "label", None)
        if label is None:
            try:
                label = self._meta.model._meta.get_field(field.attribute).verbose_name
            except (FieldDoesNotExist, TypeError):
                label = str(field.column_name).replace("_", " ")
        return capfirst(str(label))

    def get_export_headers(self, selected_fields=None):
        return [self.field_label(f) for f in self.get_export_fields(selected_fields) if f]

    def get_diff_headers(self):
        return [self.field_label(f) for f in self.get_import_fields()]

    def sheet_title(self):
        return capfirst(str(self._meta.model._meta.verbose_name_plural))

    def export(self, queryset=None, **kwargs):
        dataset = super().export(queryset, **kwargs)
        dataset.title = self.sheet_title()
        exported = [f.attribute for f in self.get_export_fields(kwargs.get("export_fields")) if f]
        dataset.money_columns = [
            index for index, name in enumerate(exported) if name in self.money_fields
        ]
        return dataset

    def header_aliases(self):
        """{normalised header: column name}: every language's label, and the column name."""
        aliases = {}
        for field in self.fields.values():
            aliases[_normal(field.column_name)] = field.column_name
            for language, _name in settings.LANGUAGES:
                with translation.override(language):
                    aliases.setdefault(_normal(self.field_label(field)), field.column_name)
        return aliases

    def normalise_headers(self, dataset):
        """Rename the file's headers to the column names the fields read (idempotent)."""
        if dataset.headers:
            aliases = self.header_aliases()
            dataset.headers = [
                aliases.get(_normal(h), h) if h is not None else h for h in dataset.headers
            ]

    def import_data(self, dataset, *args, **kwargs):
        self.normalise_headers(dataset)
        return super().import_data(dataset, *args, **kwargs)

    def allowed_values(self):
        """{header label: [values]} for the columns an import accepts only some values in."""
        allowed = {}
        for field in self.get_import_fields():
            if isinstance(field.widget, ChoiceWidget):
                allowed[self.field_label(field)] = field.widget.labels()
        return allowed

    def import_template(self):
        """The XLSX template of this import: the export's headers (an exported file and a
        filled-in template have the same columns) and the allowed values."""
        import_fields = self.get_export_fields()
        header = [self.field_label(f) for f in import_fields]
        money = [i for i, f in enumerate(import_fields) if f.attribute in self.money_fields]
        # A cell listing several values ("CMS Sec.|NFPs") cannot have a one-value drop-down.
        several = [
            self.field_label(f) for f in import_fields if isinstance(f.widget, ManyToManyWidget)
        ]
        return spreadsheets.template_bytes(
            title=self.sheet_title(),
            header=header,
            allowed=self.allowed_values(),
            money_columns=money,
            without_dropdown=several,
        )


class EscapedResource(SpreadsheetResource):
    """The base of every app's resources: spreadsheet layout, and exported rows escaped cell
    by cell."""

    def export_resource(self, instance, selected_fields=None, **kwargs):
        row = super().export_resource(instance, selected_fields=selected_fields, **kwargs)
        return [escape_formula(value) for value in row]
