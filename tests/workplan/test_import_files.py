"""Uploads: a size limit, the file type checked, hostile files refused, nothing written."""

import io
import zipfile

import pytest
from django.urls import reverse

from workplan.models import Activity

CSV, XLSX = "0", "1"


@pytest.fixture
def staff_client(client, secretariat, workplan_2012):
    client.force_login(secretariat)
    return client


def _post(client, content, name, fmt):
    upload = io.BytesIO(content)
    upload.name = name
    return client.post(
        reverse("admin:workplan_activity_import"),
        {"import_file": upload, "format": fmt, "resource": "0"},
    )


def _errors(response):
    return " ".join(response.context["form"].non_field_errors())


def test_too_big_file_is_refused(staff_client, settings):
    settings.IMPORT_MAX_UPLOAD_BYTES = 1000
    body = b"workplan,strand,code,title\n" + b"2012-2014,3,3.9,x\n" * 100
    response = _post(staff_client, body, "big.csv", CSV)
    assert "the largest accepted is 1000" in _errors(response)
    assert Activity.objects.count() == 14


def test_excel_file_sent_as_csv_is_refused(staff_client):
    response = _post(staff_client, b"PK\x03\x04rest-of-a-zip", "plan.csv", CSV)
    assert "is not a text CSV file" in _errors(response)


def test_non_utf8_csv_is_refused(staff_client):
    body = "workplan,strand,code,title\n2012-2014,3,3.9,Côte d'Ivoire\n".encode("latin-1")
    response = _post(staff_client, body, "latin.csv", CSV)
    assert "is not UTF-8 text" in _errors(response)
    assert Activity.objects.count() == 14


def test_text_sent_as_xlsx_is_refused(staff_client):
    response = _post(staff_client, b"workplan,strand\n", "plan.xlsx", XLSX)
    assert "not an Excel .xlsx file" in _errors(response)


def test_zip_bomb_is_refused_before_it_is_read(staff_client, settings):
    settings.IMPORT_MAX_UNPACKED_BYTES = 1_000_000
    packed = io.BytesIO()
    with zipfile.ZipFile(packed, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"<a>" + b" " * 5_000_000 + b"</a>")
    response = _post(staff_client, packed.getvalue(), "bomb.xlsx", XLSX)
    assert "unpacks to" in _errors(response)
    assert Activity.objects.count() == 14


def test_xml_entities_are_not_expanded():
    # openpyxl parses with defusedxml when it is installed: entity bombs raise instead of growing.
    from openpyxl.xml import DEFUSEDXML

    assert DEFUSEDXML is True


def test_one_bad_row_among_a_thousand_writes_nothing_and_names_it(staff_client):
    rows = [f"2012-2014,3,3.{n},Row {n},planning,not_started,100,200,x" for n in range(3, 1003)]
    rows[500] = "2012-2014,3,3.503,Row 503,planning,not_started,900,200,x"
    body = (
        "workplan,strand,code,title,phase,status,budget_min,budget_max,budget_text\n"
        + "\n".join(rows)
    ).encode()
    response = _post(staff_client, body, "many.csv", CSV)
    html = response.content.decode()
    assert "The maximum must not be below the minimum." in html
    assert "Budget maximum (US$)" in html  # the column is named, by its header
    result = response.context["result"]
    invalid = [row.number for row in result.invalid_rows]
    assert invalid == [501]  # the row number, counted from the first data row
    assert Activity.objects.count() == 14
