"""The admin reads an uploaded .xlsx with python-calamine (workplan.spreadsheets.XLSX), several
times faster than openpyxl, and gives the resources the same values openpyxl gave."""

import io
import zipfile
from datetime import date, datetime
from decimal import Decimal

import openpyxl
import pytest
from import_export.formats.base_formats import XLSX as OpenpyxlXLSX

from workplan.forms import import_read_error_message
from workplan.spreadsheets import XLSX


def _book(*sheets, active=0):
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets:
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    book.active = active
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


ROWS = [
    ["programme", "title", "start_date", "trainees_women", "estimated_cost", "note", "flag"],
    [12, "Bycatch, Mombasa", date(2013, 3, 4), 14, Decimal("58250.50"), None, True],
    [7, "  spaces kept  ", datetime(2013, 3, 4, 10, 30), 0, 60000, "a\nb", False],
    [None, "=not a formula", None, None, 1e20, "", None],
]


def _midnight_as_date(value):
    # openpyxl reads a date cell as a date-time at midnight, calamine as a date: the resources'
    # date widget takes either (workplan.exports.DateWidget).
    if isinstance(value, datetime) and value == datetime(value.year, value.month, value.day):
        return value.date()
    return value


def test_cells_read_as_openpyxl_read_them():
    data = _book(("Events", ROWS))
    ours = XLSX().create_dataset(data)
    theirs = OpenpyxlXLSX().create_dataset(data)
    assert ours.headers == theirs.headers == ROWS[0]
    assert [list(row) for row in ours] == [[_midnight_as_date(v) for v in row] for row in theirs]
    first = ours[0]
    assert first[0] == 12 and type(first[0]) is int  # a whole number is an int, not 12.0
    assert first[2] == date(2013, 3, 4)
    assert first[4] == 58250.5 and first[5] is None  # an empty cell is None
    assert ours[2][4] == 1e20  # beyond a float's exact integers: left a float


def test_empty_rows_at_the_end_are_dropped_and_leading_empty_columns_kept():
    book = openpyxl.Workbook()
    sheet = book.active
    sheet["B1"], sheet["C1"] = "code", "title"
    sheet["B2"], sheet["C2"] = "3.9", "Imported"
    sheet["C40"] = ""  # a cell once typed in, then emptied
    out = io.BytesIO()
    book.save(out)
    dataset = XLSX().create_dataset(out.getvalue())
    assert dataset.headers == [None, "code", "title"]
    assert [list(row) for row in dataset] == [[None, "3.9", "Imported"]]


def test_the_sheet_the_workbook_opens_on_is_read():
    data = _book(("Allowed values", [["kind"], ["regional"]]), ("Events", ROWS), active=1)
    assert XLSX().create_dataset(data).headers == ROWS[0]
    assert OpenpyxlXLSX().create_dataset(data).headers == ROWS[0]


def test_a_header_only_sheet_has_no_rows():
    dataset = XLSX().create_dataset(_book(("Events", [ROWS[0]])))
    assert dataset.headers == ROWS[0] and len(dataset) == 0


@pytest.mark.parametrize(
    "content",
    [b"PK\x03\x04not a zip at all", b"PK\x03\x04", b"plain text, not a spreadsheet"],
)
def test_an_unreadable_file_is_named_damaged(content):
    with pytest.raises(zipfile.BadZipFile) as raised:
        XLSX().create_dataset(content)
    assert "damaged" in str(import_read_error_message(raised.value))


def test_a_zip_that_is_no_workbook_is_named_damaged():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("hello.txt", "hello")
    with pytest.raises(zipfile.BadZipFile) as raised:
        XLSX().create_dataset(out.getvalue())
    assert "damaged" in str(import_read_error_message(raised.value))
