"""The Secretariat keeps the handbook in the admin: lists, filters, search, history, export."""

import csv
import io
from datetime import date

import openpyxl
import pytest
from django.urls import reverse

from handbook.models import DialogueEntry, Distribution, Edition, WorkingGroupMember
from tests.handbook.factories import make_suggestion

CSV_FORMAT, XLSX_FORMAT = "0", "1"


@pytest.fixture
def staff_client(client, secretariat):
    client.force_login(secretariat)
    return client


@pytest.fixture
def everything(plan, chapters, bodies, kenya, nfp_kenya, partner, edition):
    WorkingGroupMember.objects.create(
        plan=plan, name="Ana Chair", body=bodies["CMS Sec."], role="chair", contact="a@cms.int"
    )
    entry = DialogueEntry.objects.create(
        plan=plan,
        date=date(2013, 2, 1),
        channel="meeting",
        summary="ScC and NFPs discussed the flyway chapter.",
        follow_up="Send draft",
        follow_up_status="open",
    )
    entry.bodies.set([bodies["ScC"], bodies["NFPs"]])
    Distribution.objects.create(edition=edition, country=kenya, copies=20, date=date(2014, 5, 1))
    make_suggestion(plan=plan, proposer=nfp_kenya, country=kenya, theme="Seabird bycatch")
    make_suggestion(plan=plan, proposer=partner, organisation="BirdLife International")


@pytest.mark.parametrize(
    "model",
    [
        "handbookplan",
        "workinggroupmember",
        "edition",
        "chapter",
        "suggestion",
        "partner",
        "dialogueentry",
        "distribution",
        "totworkshop",
    ],
)
def test_every_changelist_and_add_form_opens(
    staff_client, everything, model, django_assert_max_num_queries
):
    # session, user, groups/permissions, count(s), rows with their relations, filter choices
    with django_assert_max_num_queries(20):
        response = staff_client.get(reverse(f"admin:handbook_{model}_changelist"))
    assert response.status_code == 200
    add = staff_client.get(reverse(f"admin:handbook_{model}_add"))
    assert add.status_code == (403 if model == "suggestion" else 200)


def test_suggestions_filter_and_search(staff_client, everything):
    url = reverse("admin:handbook_suggestion_changelist")
    response = staff_client.get(url, {"proposer_kind": "partner"})
    assert [s.organisation for s in response.context["cl"].result_list] == [
        "BirdLife International"
    ]
    response = staff_client.get(url, {"q": "bycatch"})
    assert [s.theme for s in response.context["cl"].result_list] == ["Seabird bycatch"]


def test_new_edition_starts_with_the_plans_budget_estimate(staff_client, plan):
    form = staff_client.get(reverse("admin:handbook_edition_add")).context["adminform"].form
    assert form.initial["budget_min"] == 70000 and form.initial["budget_max"] == 120000
    assert "including translation costs" in form.initial["budget_text"]


def test_edition_edit_is_in_history_and_bad_budget_refused(staff_client, edition, secretariat):
    url = reverse("admin:handbook_edition_change", args=[edition.pk])
    data = {
        "plan": edition.plan_id,
        "language": "en",
        "version": "1",
        "title": "",
        "status": "published",
        "publication_date": "",
        "print_run": "1000",
        "budget_min": "130000",
        "budget_max": "120000",
        "budget_text": edition.budget_text,
        "chapters-TOTAL_FORMS": "0",
        "chapters-INITIAL_FORMS": "0",
    }
    response = staff_client.post(url, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "The maximum must not be below the minimum." in html
    assert "A published edition needs its publication date." in html
    edition.refresh_from_db()
    assert edition.status == "drafting" and edition.print_run is None

    data.update(budget_min="90000", publication_date="2014-03-01")
    assert staff_client.post(url, data).status_code == 302
    edition.refresh_from_db()
    assert edition.status == "published"
    assert edition.history.first().history_user == secretariat


def test_suggestions_export_to_csv_with_declared_columns(staff_client, everything):
    response = staff_client.post(
        reverse("admin:handbook_suggestion_export"),
        {"format": CSV_FORMAT, **{f"suggestionresource_{f}": "on" for f in _columns()}},
    )
    assert response.status_code == 200
    assert response.content.startswith("\ufeff".encode())  # UTF-8 with a byte-order mark
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert list(rows[0]) == _headers()
    assert {row["Country"] for row in rows} == {"KE", ""}
    assert {row["Proposer organisation"] for row in rows} == {"", "BirdLife International"}


def _columns():
    from handbook.resources import SuggestionResource

    return list(SuggestionResource._meta.fields)


def _headers():
    from handbook.resources import SuggestionResource

    return SuggestionResource().get_export_headers()


def test_dialogue_exports_to_xlsx_with_bodies(staff_client, everything):
    from handbook.resources import DialogueEntryResource

    fields = DialogueEntryResource._meta.fields
    response = staff_client.post(
        reverse("admin:handbook_dialogueentry_export"),
        {"format": XLSX_FORMAT, **{f"dialogueentryresource_{f}": "on" for f in fields}},
    )
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    header, row = [c.value for c in sheet[1]], [c.value for c in sheet[2]]
    assert header == DialogueEntryResource().get_export_headers()
    assert header[:3] == ["ID", "Date", "Channel"]  # verbose names, not field names
    assert row[header.index("Bodies")] in ("ScC|NFPs", "NFPs|ScC")
    assert sheet.title == "Dialogue entries" and sheet.freeze_panes == "A2"


def test_exported_text_formulae_are_escaped(staff_client, plan, nfp_kenya, kenya):
    make_suggestion(plan=plan, proposer=nfp_kenya, country=kenya, theme="=HYPERLINK(1)")
    response = staff_client.post(
        reverse("admin:handbook_suggestion_export"),
        {"format": CSV_FORMAT, **{f"suggestionresource_{f}": "on" for f in _columns()}},
    )
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [row["Theme"] for row in rows] == ["'=HYPERLINK(1)"]  # shown as text, not run


def test_one_edition_per_language_and_version(plan):
    from django.core.exceptions import ValidationError

    Edition.objects.create(plan=plan, language="es")
    with pytest.raises(ValidationError):
        Edition(plan=plan, language="es").full_clean()


def test_chapters_export_the_language_by_name_not_its_code(staff_client, chapters):
    """The chapters sheet showed "en" where the editions sheet shows "English"."""
    from handbook.resources import ChapterResource

    fields = ChapterResource._meta.fields
    response = staff_client.post(
        reverse("admin:handbook_chapter_export"),
        {"format": XLSX_FORMAT, **{f"chapterresource_{f}": "on" for f in fields}},
    )
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    header, row = [c.value for c in sheet[1]], [c.value for c in sheet[2]]
    assert row[header.index("Language")] == "English"
