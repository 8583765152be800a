"""Spreadsheets a Secretariat officer opens without fixing them first.

One place for how every export of every app looks: a named sheet, a bold header row that stays
in view (frozen) with an autofilter, columns wide enough for their contents, dates and numbers as
typed cells (date-times in local time: spreadsheets have no time zones), money in a US$ currency
format, and CSV in UTF-8 with a byte-order mark so Excel on Windows reads "’" and "à". Also the
import templates: the header row, and a second sheet listing the values each column accepts,
with drop-down lists (data validation) on the columns that have a fixed set of values.
"""

import re
import tempfile
import zipfile
from datetime import date, datetime
from decimal import Decimal
from io import BytesIO

import tablib
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from import_export.formats import base_formats

from workplan.formats import XLSX_MONEY_FORMAT

MONEY_FORMAT = XLSX_MONEY_FORMAT
DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
MAX_WIDTH = 60
WIDTH_SAMPLE = 200  # rows read to size the columns
TEMPLATE_ROWS = 1000  # rows of a template that get the drop-down lists
BOM = "\ufeff"
SHEET_TITLE_MAX = 31
FORBIDDEN_IN_TITLE = str.maketrans(dict.fromkeys("[]:*?/\\", " "))


def sheet_title(text):
    """A title Excel accepts: at most 31 characters, none of []:*?/\\."""
    return str(text).translate(FORBIDDEN_IN_TITLE).strip()[:SHEET_TITLE_MAX] or "Sheet"


def cell_value(value):
    """A Python value as a typed cell: aware date-times in local time, without a zone."""
    if isinstance(value, datetime) and timezone.is_aware(value):
        return timezone.localtime(value).replace(tzinfo=None)
    return value


def _width(value):
    if value is None:
        return 0
    if isinstance(value, datetime):
        return 16
    if isinstance(value, date):
        return 10
    if isinstance(value, (int, float, Decimal)):
        return len(f"{value:,.2f}") + 4
    return max((len(line) for line in str(value).splitlines()), default=0)


def _number_format(value, money):
    if isinstance(value, datetime):
        return DATETIME_FORMAT
    if isinstance(value, date):
        return DATE_FORMAT
    if money and isinstance(value, (int, float, Decimal)):
        return MONEY_FORMAT
    return None


def write_table(workbook, title, header, rows, *, money_columns=()):
    """One sheet: the header row in bold, frozen and filtered, typed cells, fitting widths.

    Works on a normal and on a write-only workbook (constant memory for big exports): the
    first rows are read ahead to size the columns, then every row is written once."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    sheet = workbook.create_sheet(title=sheet_title(title))
    write_only = not hasattr(sheet, "cell")
    money = set(money_columns)
    rows = iter(rows)
    sample = []
    for row in rows:
        sample.append([cell_value(v) for v in row])
        if len(sample) >= WIDTH_SAMPLE:
            break
    widths = [_width(h) + 3 for h in header]  # room for the filter button
    for row in sample:
        for index, value in enumerate(row[: len(widths)]):
            widths[index] = max(widths[index], _width(value) + 1)
    for index, width in enumerate(widths, 1):
        sheet.column_dimensions[get_column_letter(index)].width = min(max(width, 8), MAX_WIDTH)
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)

    def cells(row, *, is_header=False):
        result = []
        for index, value in enumerate(row):
            value = cell_value(value)
            fmt = None if is_header else _number_format(value, index in money)
            if not write_only or (fmt is None and not is_header):
                result.append(value)
                continue
            cell = WriteOnlyCell(sheet, value=value)
            if is_header:
                cell.font = bold
            if fmt:
                cell.number_format = fmt
            result.append(cell)
        return result

    sheet.append(cells(header, is_header=True))
    count = 1
    for row in sample:
        sheet.append(cells(row))
        count += 1
    for row in rows:
        sheet.append(cells(row))
        count += 1
    if not write_only:
        for cell in sheet[1]:
            cell.font = bold
        for column in range(len(header)):
            for (cell,) in sheet.iter_rows(
                min_row=2, min_col=column + 1, max_col=column + 1, max_row=count
            ):
                fmt = _number_format(cell.value, column in money)
                if fmt:
                    cell.number_format = fmt
    if header:
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(header))}{count}"
    return sheet


def xlsx_file(sheets):
    """sheets: (title, header, rows[, money_columns]), rows any iterable. Written row by row by a
    write-only workbook to an anonymous temporary file, returned at its start; closing it
    deletes it."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    for title, header, rows, *money in sheets:
        write_table(workbook, title, header, rows, money_columns=money[0] if money else ())
    # Not a with block: the caller (a FileResponse) reads and closes it.
    file = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115
    try:
        workbook.save(file)
    except BaseException:
        file.close()
        raise
    file.seek(0)
    return file


def xlsx_bytes(sheets):
    with xlsx_file(sheets) as file:
        return file.read()


class CSV(base_formats.CSV):
    """CSV in UTF-8 with a byte-order mark; a mark on an uploaded file is dropped."""

    def export_data(self, dataset, **kwargs):
        return BOM + super().export_data(dataset, **kwargs)

    def create_dataset(self, in_stream, **kwargs):
        if isinstance(in_stream, bytes):
            in_stream = in_stream.decode(self.encoding or "utf-8-sig")
        return super().create_dataset(in_stream.removeprefix(BOM), **kwargs)


class XLSX(base_formats.XLSX):
    """XLSX laid out by ``write_table``: the resource's sheet title, money columns formatted."""

    def export_data(self, dataset, **kwargs):
        from openpyxl import Workbook

        workbook = Workbook()
        workbook.remove(workbook.active)
        write_table(
            workbook,
            dataset.title or _("Export"),
            list(dataset.headers or []),
            dataset,
            money_columns=getattr(dataset, "money_columns", ()),
        )
        out = BytesIO()
        workbook.save(out)
        return out.getvalue()

    def create_dataset(self, in_stream):
        """The active sheet's rows, read by python-calamine (Rust) rather than openpyxl: a
        10,000-row sheet in a fraction of the time (bench/import_events.py).

        The cells come out as openpyxl's read-only mode gave them, so the resources see the
        same values: from cell A1 (leading empty rows and columns kept), an empty cell is
        None, a whole number is an int (Excel stores 12 as a number, openpyxl reads it back
        as 12, calamine as 12.0), dates are dates. The file has been checked before (the
        admin's SafeImportForm refuses DTDs and entity declarations, the XXE and "billion
        laughs" attacks); calamine's XML reader resolves no DTD or entity either way. A file
        it cannot read is a damaged one (zipfile.BadZipFile), which the admin names so.
        """
        import python_calamine

        if isinstance(in_stream, str):
            in_stream = in_stream.encode()
        try:
            book = python_calamine.CalamineWorkbook.from_filelike(BytesIO(in_stream))
            sheet = book.get_sheet_by_index(_active_sheet(in_stream, len(book.sheet_names)))
            rows = sheet.to_python(skip_empty_area=False)
        except python_calamine.CalamineError as error:
            raise zipfile.BadZipFile(f"{type(error).__name__}: {error}") from error
        dataset = tablib.Dataset()
        if not rows:
            return dataset
        # Empty rows at the end of a template the officer filled in part of.
        while len(rows) > 1 and all(v == "" for v in rows[-1]):
            rows.pop()
        header, *body = [[_cell(v) for v in row] for row in rows]
        if getattr(settings, "IMPORT_EXPORT_IMPORT_IGNORE_BLANK_LINES", False):
            body = [row for row in body if any(v is not None for v in row)]
        dataset.headers = header
        # Every row has the header's width (calamine's range is a rectangle): skip tablib's
        # check of each append, which costs as much as reading the sheet.
        dataset._data = [tablib.core.Row(row) for row in body]
        return dataset


# Whole numbers within a float's exact range read back as int, as openpyxl gives them.
_EXACT = 2**53


def _cell(value):
    if value == "":
        return None
    if type(value) is float and value.is_integer() and -_EXACT < value < _EXACT:
        return int(value)
    return value


_ACTIVE_TAB = re.compile(rb"<(?:\w+:)?workbookView\b[^>]*?\bactiveTab=\"(\d+)\"")


def _active_sheet(data, count):
    """The sheet the workbook opens on (its ``activeTab``, as openpyxl's ``active``), else the
    first."""
    try:
        with zipfile.ZipFile(BytesIO(data)) as archive:
            workbook = archive.read("xl/workbook.xml")
    except (zipfile.BadZipFile, KeyError):
        return 0
    found = _ACTIVE_TAB.search(workbook)
    index = int(found.group(1)) if found else 0
    return index if 0 <= index < count else 0


FORMATS = [CSV, XLSX]  # positions matter: the admin's format choice is the index


def template_bytes(*, title, header, allowed, money_columns=(), without_dropdown=()):
    """An import template: the header row, and an "Allowed values" sheet with one column per
    column of the template that takes fixed values, those columns getting a drop-down list.

    allowed: {header label: [values]} (only labels that are in header); the columns named in
    without_dropdown (several values in a cell) are listed but get no drop-down."""
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter, quote_sheetname
    from openpyxl.worksheet.datavalidation import DataValidation

    workbook = Workbook()
    workbook.remove(workbook.active)
    sheet = write_table(workbook, title, header, [], money_columns=money_columns)
    values_title = sheet_title(_("Allowed values"))
    values = write_table(
        workbook,
        values_title,
        list(allowed),
        _columns_to_rows(list(allowed.values())),
    )
    for index, label in enumerate(allowed, 1):
        items = allowed[label]
        if not items or label not in header or label in without_dropdown:
            continue
        letter = get_column_letter(index)
        validation = DataValidation(
            type="list",
            formula1=f"{quote_sheetname(values.title)}!${letter}$2:${letter}${len(items) + 1}",
            allow_blank=True,
            showErrorMessage=True,
            errorTitle=str(label),
            error=_("Choose one of the values listed in the sheet “%(sheet)s”.")
            % {"sheet": values.title},
        )
        column = get_column_letter(header.index(label) + 1)
        validation.add(f"{column}2:{column}{TEMPLATE_ROWS + 1}")
        sheet.add_data_validation(validation)
    workbook.active = 0
    out = BytesIO()
    workbook.save(out)
    return out.getvalue()


def _columns_to_rows(columns):
    height = max((len(c) for c in columns), default=0)
    return [[c[i] if i < len(c) else None for c in columns] for i in range(height)]
