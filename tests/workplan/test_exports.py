"""Exports cannot run formulae in the reader's spreadsheet, and keep numbers as numbers."""

import csv
import io
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse

from workplan.exports import escape_formula
from workplan.models import Contribution


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+1+2", "'+1+2"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tcmd", "'\tcmd"),
        ("\rcmd", "'\rcmd"),
        ("-450.00", "-450.00"),
        ("Germany", "Germany"),
        (Decimal("-3"), Decimal("-3")),
        (None, None),
    ],
)
def test_escape_formula(value, expected):
    assert escape_formula(value) == expected


@pytest.fixture
def hostile_contribution(workplan_2012):
    return Contribution.objects.create(
        workplan=workplan_2012,
        donor='=HYPERLINK("http://evil.example","Click")',
        amount_usd=Decimal("45000.50"),
        state="received",
        kind="core",
        date="2012-06-01",
        note="@SUM(1+1)",
    )


def _export(client, fmt):
    url = reverse("admin:workplan_contribution_export")
    form = client.get(url).context["form"]
    data = {"format": fmt, "resource": "0"}
    data.update({name: "on" for name in form.fields if name.startswith("contributionresource_")})
    return client.post(url, data)


def test_xlsx_export_escapes_text_and_keeps_types(client, secretariat, hostile_contribution):
    client.force_login(secretariat)
    response = _export(client, "1")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    header, row = list(sheet.values)[:2]
    row = dict(zip(header, row, strict=True))
    assert row["Donor"] == '\'=HYPERLINK("http://evil.example","Click")'
    assert row["Note"] == "'@SUM(1+1)"
    assert isinstance(row["Amount (US$)"], (int, float, Decimal))
    assert Decimal(str(row["Amount (US$)"])) == Decimal("45000.50")
    assert row["Date"].year == 2012  # a date cell, not text


def test_csv_export_escapes_text(client, secretariat, hostile_contribution):
    client.force_login(secretariat)
    response = _export(client, "0")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0]["Donor"].startswith("'=")
    assert rows[0]["Amount (US$)"] == "45000.50"
