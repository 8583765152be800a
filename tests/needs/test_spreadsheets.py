"""The needs exports and the training events spreadsheet, read back as an officer would: the
translated headers, labels, typed cells; an exported events file imports back changing nothing."""

import csv
import io
from datetime import date

import openpyxl
import pytest
from django.urls import reverse

from needs.models import TrainingEvent
from tests.needs.test_event_import import _confirm_form, french, places, programme  # noqa: F401

CSV, XLSX = "0", "1"


@pytest.fixture
def staff(client, secretariat):
    client.force_login(secretariat)
    return client


@pytest.fixture
def events(places, programme, french):  # noqa: F811
    for n, (kind, region) in enumerate([("regional", "africa"), ("tot", "")]):
        event = TrainingEvent.objects.create(
            programme=programme,
            kind=kind,
            title=f"Training {n} – Côte d’Ivoire",
            country=places["KE"],
            region=region,
            start_date=date(2013, 3, 4 + n),
            end_date=date(2013, 3, 7 + n),
            language=french,
            trainees_women=12,
            trainees_men=10,
            estimated_cost="60000.00",
        )
        event.participating_countries.set([places["KE"], places["TZ"]])
    return TrainingEvent.objects.order_by("pk")


def _export(client, fmt):
    url = reverse("admin:needs_trainingevent_export")
    form = client.get(url).context["form"]
    data = {"format": fmt, "resource": "0"}
    data.update({n: "on" for n in form.fields if n.startswith("trainingeventresource_")})
    return client.post(url, data).content


def _state():
    rows = TrainingEvent.objects.order_by("pk").values()
    links = TrainingEvent.participating_countries.through.objects.order_by("pk").values_list(
        "trainingevent_id", "country_id"
    )
    return list(rows), list(links), TrainingEvent.history.count()


def test_events_xlsx_has_labels_typed_cells_and_currency(staff, events):
    sheet = openpyxl.load_workbook(io.BytesIO(_export(staff, XLSX))).active
    assert sheet.title == "Training events"
    header = [c.value for c in sheet[1]]
    assert header[:4] == ["ID", "Programme (id)", "Programme title", "Kind"]
    number = next(
        n for n in range(2, sheet.max_row + 1) if sheet.cell(n, 4).value == "Regional training"
    )
    row = dict(zip(header, [c.value for c in sheet[number]], strict=True))
    assert row["Kind"] == "Regional training" and row["CMS region"] == "Africa"
    assert row["Start date"].date() == date(2013, 3, 4)
    assert row["Trainees: women"] == 12
    cost = sheet.cell(row=number, column=header.index("Estimated cost (US$)") + 1)
    assert cost.value == 60000 and cost.number_format == '"US$"#,##0.00'


@pytest.mark.parametrize(("fmt", "name"), [(XLSX, "events.xlsx"), (CSV, "events.csv")])
def test_events_export_then_import_changes_nothing(staff, events, fmt, name):
    before = _state()
    upload = io.BytesIO(_export(staff, fmt))
    upload.name = name
    preview = staff.post(
        reverse("admin:needs_trainingevent_import"),
        {"import_file": upload, "format": fmt, "resource": "0"},
    )
    html = preview.content.decode()
    assert "0 new, 0 updated, 2 unchanged, 0 errors" in html, html[html.find("<h2") :][:3000]
    confirm = _confirm_form(preview)
    response = staff.post(reverse("admin:needs_trainingevent_process_import"), confirm.initial)
    assert response.status_code == 302
    assert _state() == before


def test_round_needs_export_types_and_translates(client, secretariat, open_round, kenya, lookups):
    from django.conf import settings

    from needs.models import CountryResponse, TrainingNeed
    from tests.needs.conftest import need

    response = CountryResponse.objects.create(round=open_round, country=kenya)
    TrainingNeed.objects.create(response=response, **need(lookups, priority=4))
    client.force_login(secretariat)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "es"
    url = reverse(
        "needs:round-export", kwargs={"pk": open_round.pk, "kind": "needs", "fmt": "xlsx"}
    )
    sheet = openpyxl.load_workbook(io.BytesIO(client.get(url).content)).active
    header = [c.value for c in sheet[1]]
    assert "País" in header and "Prioridad" in header
    row = dict(zip(header, [c.value for c in sheet[2]], strict=True))
    assert row["Prioridad"] == 4  # a number, not text
    assert row["País"] == "Kenya" and sheet.freeze_panes == "A2"
    url = reverse(
        "needs:round-export", kwargs={"pk": open_round.pk, "kind": "responses", "fmt": "csv"}
    )
    body = client.get(url).content
    assert body.startswith("\ufeff".encode())
    header = next(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert header[:3] == ["Ronda", "País", "Código ISO"]


def test_round_responses_xlsx_counts_needs_as_a_number(
    client, secretariat, open_round, kenya, lookups
):
    """The responses sheet's "Needs" column was text ('7'), so a SUM over it gave 0."""
    from needs.models import CountryResponse, TrainingNeed
    from tests.needs.conftest import need

    response = CountryResponse.objects.create(round=open_round, country=kenya)
    TrainingNeed.objects.create(response=response, **need(lookups, priority=4))
    client.force_login(secretariat)
    url = reverse(
        "needs:round-export", kwargs={"pk": open_round.pk, "kind": "responses", "fmt": "xlsx"}
    )
    sheet = openpyxl.load_workbook(io.BytesIO(client.get(url).content)).active
    header = [c.value for c in sheet[1]]
    row = dict(zip(header, [c.value for c in sheet[2]], strict=True))
    assert row["Needs"] == 1
