"""Every spreadsheet the admin offers, read back as a Secretariat officer would open it: headers
are the translated verbose names, choices their labels, dates and numbers typed cells, money in
a currency format, a bold frozen and filtered header; CSV is UTF-8 with a byte-order mark. An
exported file imports back changing nothing; imports take labels or codes, in any language;
templates list the allowed values with drop-down lists."""

import csv
import io
from datetime import date
from decimal import Decimal

import openpyxl
import pytest
from django.conf import settings
from django.urls import reverse

from workplan.models import Activity, Contribution, Country

CSV, XLSX = "0", "1"  # positions in IMPORT_EXPORT_FORMATS


@pytest.fixture
def staff_client(client, secretariat, workplan_2012):
    client.force_login(secretariat)
    return client


@pytest.fixture
def french(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    return client


@pytest.fixture
def contributions(workplan_2012):
    germany, _ = Country.objects.get_or_create(
        iso2="DE", defaults={"name": "Germany", "region": "europe", "is_party": True}
    )
    a14 = Activity.objects.get(code="1.4")
    Contribution.objects.create(
        workplan=workplan_2012,
        donor="Gouvernement de l’Allemagne, à Bonn",
        donor_country=germany,
        amount_usd=Decimal("40000.50"),
        state="received",
        kind="earmarked",
        activity=a14,
        date=date(2012, 6, 1),
    )
    Contribution.objects.create(
        workplan=workplan_2012,
        donor="Norway",
        amount_usd=Decimal("5000"),
        state="pledged",
        kind="core",
        date=date(2013, 2, 1),
    )


def _export(client, model, fmt):
    url = reverse(f"admin:workplan_{model}_export")
    form = client.get(url).context["form"]
    data = {"format": fmt, "resource": "0"}
    data.update({name: "on" for name in form.fields if name.startswith(f"{model}resource_")})
    response = client.post(url, data)
    assert response.status_code == 200
    return response.content


def _context(response, key):
    for context in response.context or []:
        for layer in context.dicts:
            if key in layer:
                return layer[key]
    return None


def _import(client, model, content, name, fmt):
    upload = io.BytesIO(content)
    upload.name = name
    return client.post(
        reverse(f"admin:workplan_{model}_import"),
        {"import_file": upload, "format": fmt, "resource": "0"},
    )


def _state(model):
    rows = model.objects.order_by("pk").values()
    return [{k: v for k, v in row.items() if k not in ("updated_at", "version")} for row in rows]


def _history():
    return Activity.history.count() + Contribution.history.count()


def test_activity_xlsx_reads_like_a_report(staff_client):
    book = openpyxl.load_workbook(io.BytesIO(_export(staff_client, "activity", XLSX)))
    sheet = book.active
    assert sheet.title == "Activities"
    header = [c.value for c in sheet[1]]
    assert header[:5] == ["Work plan", "Strand", "Code", "Title", "Responsibility as written"]
    assert "Budget minimum (US$)" in header and "Planned start" in header
    assert all(c.font.b for c in sheet[1])  # a bold header row
    assert sheet.freeze_panes == "A2"  # that stays in view
    assert sheet.auto_filter.ref == f"A1:{openpyxl.utils.get_column_letter(len(header))}15"
    rows = {
        r[2]: dict(zip(header, r, strict=True))
        for r in sheet.iter_rows(min_row=2, values_only=True)
    }
    a14 = rows["1.4"]
    assert a14["Phase"] == "Implementation" and a14["Status"] == "Not started"  # labels
    assert a14["Budget maximum (US$)"] == 90000  # a number
    assert a14["Planned start"].date() == date(2012, 1, 1)  # a date cell
    assert a14["No additional funds required"] is False
    money = sheet.cell(row=2, column=header.index("Budget maximum (US$)") + 1)
    assert money.number_format == '"US$"#,##0.00'
    start = sheet.cell(row=2, column=header.index("Planned start") + 1)
    assert start.is_date and start.number_format == "yyyy-mm-dd"
    methodology = openpyxl.utils.get_column_letter(
        header.index("Methodology and expected outcome") + 1
    )
    assert sheet.column_dimensions[methodology].width == 60  # wide text, capped
    assert sheet.column_dimensions["C"].width < 15  # a short code column stays narrow


def test_headers_and_labels_follow_the_downloaders_language(staff_client, french):
    sheet = openpyxl.load_workbook(io.BytesIO(_export(staff_client, "activity", XLSX))).active
    header = [c.value for c in sheet[1]]
    assert sheet.title == "Activités"
    assert "Phase" in header and "Statut" in header and "Début prévu" in header
    statuses = {r[header.index("Statut")] for r in sheet.iter_rows(min_row=2, values_only=True)}
    assert statuses == {"Non commencée"}


def test_contribution_csv_has_a_bom_labels_and_keeps_accents(staff_client, contributions):
    content = _export(staff_client, "contribution", CSV)
    assert content.startswith("\ufeff".encode())
    rows = list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))
    germany = next(r for r in rows if r["Donor"].startswith("Gouvernement"))
    assert germany["Donor"] == "Gouvernement de l’Allemagne, à Bonn"
    assert germany["State"] == "Received" and germany["Kind"] == "Earmarked to an activity"
    assert germany["Amount (US$)"] == "40000.50"
    assert germany["Date"] == "2012-06-01"


@pytest.mark.parametrize("model", ["activity", "contribution"])
@pytest.mark.parametrize(("fmt", "name"), [(XLSX, "export.xlsx"), (CSV, "export.csv")])
def test_export_then_import_changes_nothing(staff_client, contributions, model, fmt, name):
    model_class = {"activity": Activity, "contribution": Contribution}[model]
    before, history = _state(model_class), _history()
    content = _export(staff_client, model, fmt)
    response = _import(staff_client, model, content, name, fmt)
    assert response.status_code == 200
    result = _context(response, "result")
    assert not result.has_errors() and not result.has_validation_errors()
    summary = _context(response, "import_summary")
    count = model_class.objects.count()
    assert summary == {"new": 0, "update": 0, "skip": count, "delete": 0, "errors": 0}
    assert f"0 new, 0 updated, {count} unchanged, 0 errors" in response.content.decode()
    confirm = _context(response, "confirm_form")
    response = staff_client.post(reverse(f"admin:workplan_{model}_process_import"), confirm.initial)
    assert response.status_code == 302
    assert _state(model_class) == before
    assert _history() == history  # not even a history record


def test_import_takes_labels_in_any_language_and_codes(staff_client):
    header = "Plan de trabajo,Estrato,Código,Título,Fase,Estado\n"
    header = "work plan,strand,code,title,phase,status\n"
    rows = (
        "2012-2014,3,3.3,Joint indicators,Planification,En cours\n"
        "2012-2014,3,3.4,Shared reporting,feedback,Completed\n"
    )
    response = _import(staff_client, "activity", (header + rows).encode(), "a.csv", CSV)
    confirm = _context(response, "confirm_form")
    assert confirm is not None, response.content.decode()[:2000]
    staff_client.post(reverse("admin:workplan_activity_process_import"), confirm.initial)
    assert Activity.objects.get(code="3.3").status == "in_progress"
    assert Activity.objects.get(code="3.3").phase == "planning"
    assert Activity.objects.get(code="3.4").phase == "feedback"


def test_a_wrong_value_names_the_valid_ones_and_changes_nothing(staff_client):
    body = "Work plan,Strand,Code,Title,Status\n2012-2014,1,1.1,Needs,finished\n"
    before = _state(Activity)
    response = _import(staff_client, "activity", body.encode(), "a.csv", CSV)
    html = response.content.decode()
    assert _context(response, "confirm_form") is None
    assert "“finished” is not one of the allowed values:" in html
    assert "“Not started”, “In progress”, “Completed”, “On hold”, “Cancelled”" in html
    assert "0 new, 0 updated, 0 unchanged, 1 errors" in html
    assert '<span class="validation-error-field-label">Status</span>' in html
    assert _state(Activity) == before


def test_import_page_lists_headers_and_offers_a_template(staff_client):
    response = staff_client.get(reverse("admin:workplan_activity_import"))
    html = response.content.decode()
    assert "Budget minimum (US$)" in html and "budget_min," not in html
    template_url = reverse("admin:workplan_activity_import_template") + "?resource=0"
    assert f'href="{template_url}"' in html
    assert "Allowed values" in html and "Feedback and M&amp;E" in html


def test_template_has_allowed_values_and_drop_downs(staff_client):
    response = staff_client.get(reverse("admin:workplan_activity_import_template"))
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    data, allowed = book.worksheets
    assert data.title == "Activities" and allowed.title == "Allowed values"
    header = [c.value for c in data[1]]
    assert header[:3] == ["Work plan", "Strand", "Code"] and data.max_row == 1
    columns = {c.value: c.column_letter for c in allowed[1]}
    phases = [r[0].value for r in allowed[columns["Phase"] + "2" : columns["Phase"] + "5"]]
    assert phases == ["Planning", "Construction", "Implementation", "Feedback and M&E"]
    assert [
        r[0].value for r in allowed[columns["Work plan"] + "2" : columns["Work plan"] + "2"]
    ] == ["2012-2014"]
    validations = {str(v.sqref): v.formula1 for v in data.data_validations.dataValidation}
    bodies = openpyxl.utils.get_column_letter(header.index("Responsible bodies") + 1)
    assert f"{bodies}2:{bodies}1001" not in validations  # "CMS Sec.|NFPs": several values
    phase_column = openpyxl.utils.get_column_letter(header.index("Phase") + 1)
    assert validations[f"{phase_column}2:{phase_column}1001"] == (
        f"'Allowed values'!${columns['Phase']}$2:${columns['Phase']}$5"
    )
    # The empty template, filled in, imports.
    data.append(["2012-2014", 3, "3.3", "From the template"])
    out = io.BytesIO()
    book.save(out)
    response = _import(staff_client, "activity", out.getvalue(), "t.xlsx", XLSX)
    assert _context(response, "import_summary")["new"] == 1, response.content.decode()[-3000:]


def test_template_needs_the_import_permission(client, stc, workplan_2012):
    client.force_login(stc)
    response = client.get(reverse("admin:workplan_activity_import_template"))
    assert response.status_code in (302, 403)


def test_strand_filter_tells_the_plans_apart(staff_client, workplan_2012):
    html = staff_client.get(reverse("admin:workplan_activity_changelist")).content.decode()
    assert "2012-2014 · 1. " in html


def test_import_page_and_template_run_few_queries(staff_client, django_assert_max_num_queries):
    # session, user, permissions; the plans' slugs and the bodies for the allowed values.
    with django_assert_max_num_queries(8):
        staff_client.get(reverse("admin:workplan_activity_import_template"))
    with django_assert_max_num_queries(8):
        staff_client.get(reverse("admin:workplan_activity_import"))


@pytest.mark.parametrize(
    "column,value",
    [
        ("Budget minimum (US$)", "abc"),
        ("Budget minimum (US$)", "NaN"),
        ("Budget minimum (US$)", "1e40"),
        ("Strand", "one"),
        ("Strand", "Infinity"),
    ],
)
def test_a_word_in_a_number_column_is_a_row_error_naming_the_column(staff_client, column, value):
    """A typo in a number cell was a library error ("[<class 'decimal.ConversionSyntax'>]")
    that hid every other row's errors; it is the row's error under the column's header."""
    body = f"Work plan,Strand,Code,Title,{column}\n2012-2014,1,1.1,Needs,{value}\n"
    if column == "Strand":
        body = f"Work plan,Strand,Code,Title\n2012-2014,{value},1.1,Needs\n"
    before = _state(Activity)
    response = _import(staff_client, "activity", body.encode(), "a.csv", CSV)
    html = response.content.decode()
    assert _context(response, "confirm_form") is None
    assert "ConversionSyntax" not in html and "InvalidOperation" not in html
    assert f"“{value}” is not a number." in html
    assert f'<span class="validation-error-field-label">{column}</span>' in html
    assert _state(Activity) == before


@pytest.mark.parametrize(("exporter", "importer"), [("fr", "en"), ("es", "en"), ("en", "fr")])
def test_a_csv_exported_in_one_language_imports_in_another(
    staff_client, contributions, exporter, importer
):
    """A CSV exported in French held "40000,50": an English-speaking colleague importing it got
    an error on every row. Numbers in a CSV are written as its dates are, the same in every
    language."""
    staff_client.cookies[settings.LANGUAGE_COOKIE_NAME] = exporter
    content = _export(staff_client, "contribution", CSV)
    assert "40000.50" in content.decode("utf-8-sig")
    staff_client.cookies[settings.LANGUAGE_COOKIE_NAME] = importer
    before = _state(Contribution)
    response = _import(staff_client, "contribution", content, "export.csv", CSV)
    summary = _context(response, "import_summary")
    assert summary == {"new": 0, "update": 0, "skip": 2, "delete": 0, "errors": 0}
    assert _state(Contribution) == before


def test_yes_and_no_import_as_yes_and_no_in_any_language(staff_client):
    """A "Yes" in "No additional funds required" was imported as False without a word: only
    1/0/true/false were read, anything else was False."""
    body = (
        "Work plan,Strand,Code,Title,No additional funds required\n"
        "2012-2014,1,1.1,Needs,Yes\n"
        "2012-2014,1,1.2,Objectives,oui\n"
        "2012-2014,1,1.3,Modules,No\n"
    )
    response = _import(staff_client, "activity", body.encode(), "a.csv", CSV)
    confirm = _context(response, "confirm_form")
    assert confirm is not None, response.content.decode()[:2000]
    staff_client.post(reverse("admin:workplan_activity_process_import"), confirm.initial)
    funds = dict(
        Activity.objects.filter(code__in=["1.1", "1.2", "1.3"]).values_list(
            "code", "no_additional_funds"
        )
    )
    assert funds == {"1.1": True, "1.2": True, "1.3": False}


def test_a_word_in_a_yes_no_column_is_a_row_error(staff_client):
    body = "Work plan,Strand,Code,Title,No additional funds required\n2012-2014,1,1.1,Needs,maybe\n"
    before = _state(Activity)
    response = _import(staff_client, "activity", body.encode(), "a.csv", CSV)
    html = response.content.decode()
    assert _context(response, "confirm_form") is None
    assert "“maybe” is not one of the allowed values: “Yes”, “No”." in html
    assert _state(Activity) == before
