"""Import errors name the problem: bad encodings anywhere in the file, XXE and entity expansion.

Before: a CSV whose first 4 KiB were UTF-8 and a later line Latin-1 got the library's
"'UnicodeDecodeError' encountered while trying to read file"; an .xlsx with an external entity
or an entity bomb got "'EntitiesForbidden' encountered ...".
"""

import io
import zipfile

import openpyxl
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
    form = response.context["form"]
    return " ".join([*form.non_field_errors(), *form.errors.get("import_file", [])])


def test_a_latin1_character_deep_in_the_file_is_found_and_located(staff_client):
    rows = "".join(f"2012-2014,3,3.{n},Activity number {n}\n" for n in range(10, 400))
    body = ("workplan,strand,code,title\n" + rows).encode() + "2012-2014,3,3.9,Côte\n".encode(
        "latin-1"
    )
    assert len(body) > 4096 * 3
    response = _post(staff_client, body, "late.csv", CSV)
    errors = _errors(response)
    assert "late.csv is not UTF-8 text: byte 0xF4 on line 392" in errors
    assert "encountered" not in errors
    assert Activity.objects.count() == 14


def test_a_utf16_file_is_named(staff_client):
    body = "workplan,strand,code,title\n".encode("utf-16")
    response = _post(staff_client, body, "unicode.csv", CSV)
    assert "unicode.csv is saved as UTF-16" in _errors(response)


def test_a_utf8_file_with_a_byte_order_mark_is_accepted(staff_client):
    body = "\ufeffworkplan,strand,code,title\n2012-2014,3,3.9,Côte d'Ivoire\n".encode()
    response = _post(staff_client, body, "bom.csv", CSV)
    assert "UTF" not in _errors(response)


def _xlsx(sheet_xml_prefix=b""):
    """A real workbook from openpyxl, with ``sheet_xml_prefix`` put before the sheet's root."""
    book = openpyxl.Workbook()
    book.active.append(["workplan", "strand", "code", "title"])
    book.active.append(["2012-2014", 3, "3.9", "Imported"])
    plain = io.BytesIO()
    book.save(plain)
    if not sheet_xml_prefix:
        return plain.getvalue()
    out = io.BytesIO()
    with zipfile.ZipFile(plain) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"<worksheet", sheet_xml_prefix + b"<worksheet", 1)
            dst.writestr(info, data)
    return out.getvalue()


XXE = b'<!DOCTYPE worksheet [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
LAUGHS = (
    b'<!DOCTYPE worksheet [<!ENTITY lol "lol">'
    + b"".join(
        f'<!ENTITY lol{n} "{("&lol" + (str(n - 1) if n > 1 else "") + ";") * 10}">'.encode()
        for n in range(1, 10)
    )
    + b"]>"
)


def test_an_external_entity_is_refused_as_xxe(staff_client):
    response = _post(staff_client, _xlsx(XXE), "xxe.xlsx", XLSX)
    errors = _errors(response)
    assert "refers to external XML entities (in xl/worksheets/sheet1.xml)" in errors
    assert "(XXE)" in errors
    assert Activity.objects.count() == 14


def test_an_entity_bomb_is_refused_as_expansion(staff_client):
    response = _post(staff_client, _xlsx(LAUGHS), "laughs.xlsx", XLSX)
    assert "expand without limit" in _errors(response)
    assert Activity.objects.count() == 14


def test_a_doctype_alone_is_refused(staff_client):
    response = _post(staff_client, _xlsx(b"<!DOCTYPE worksheet>"), "dtd.xlsx", XLSX)
    assert "document type declaration" in _errors(response)


def test_a_plain_workbook_passes_the_checks(staff_client):
    response = _post(staff_client, _xlsx(), "plain.xlsx", XLSX)
    assert _errors(response) == ""
    assert response.context.get("result") is not None  # on to the dry-run preview


def test_read_failures_are_named_not_generic():
    from defusedxml import EntitiesForbidden

    from workplan.forms import import_read_error_message

    message = import_read_error_message(EntitiesForbidden("lol", None, None, None, None, None))
    assert "XXE" in str(message)
    assert "encountered" not in str(import_read_error_message(ValueError("x")))
