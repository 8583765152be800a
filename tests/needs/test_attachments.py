"""Documents attached to a needs response: checked by content, served only within scope."""

import io

import openpyxl
import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from needs.models import CountryResponse, ResponseAttachment
from workplan.models import WorkPlan

PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)
# The first bytes of a Windows program and of a Linux one.
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200
ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 200


def _xlsx():
    book = openpyxl.Workbook()
    book.active.append(["Strategy", "2027"])
    data = io.BytesIO()
    book.save(data)
    return data.getvalue()


def _upload(client, assessment_round, name, content):
    return client.post(
        reverse("needs:attachment-add", kwargs={"round_pk": assessment_round.pk}),
        {"files": SimpleUploadedFile(name, content)},
        follow=True,
    )


@pytest.fixture
def attached(client, nfp_kenya, open_round):
    client.force_login(nfp_kenya)
    _upload(client, open_round, "National strategy.pdf", PDF)
    client.logout()
    return ResponseAttachment.objects.get()


def test_nfp_attaches_a_pdf_and_a_spreadsheet_to_the_draft(client, nfp_kenya, open_round):
    client.force_login(nfp_kenya)
    page = _upload(client, open_round, "National strategy.pdf", PDF)
    assert "Attached: National strategy.pdf." in page.content.decode()
    _upload(client, open_round, "budget.xlsx", _xlsx())
    rows = {a.name: a for a in ResponseAttachment.objects.all()}
    assert rows["National strategy.pdf"].content_type == "application/pdf"
    assert rows["budget.xlsx"].extension == ".xlsx"
    response = CountryResponse.objects.get()
    assert response.status == "draft" and response.country.iso2 == "KE"
    with default_storage.open(rows["National strategy.pdf"].file.name) as handle:
        assert handle.read() == PDF
    page = client.get(reverse("needs:response-edit", kwargs={"round_pk": open_round.pk}))
    assert page.content.decode().count("data-attachment") == 2


@pytest.mark.parametrize("content", [EXE, ELF], ids=["windows", "linux"])
def test_a_program_renamed_pdf_is_refused_with_a_message(client, nfp_kenya, open_round, content):
    client.force_login(nfp_kenya)
    page = _upload(client, open_round, "strategy.pdf", content)
    assert "“strategy.pdf” is not a PDF" in page.content.decode()
    assert not ResponseAttachment.objects.exists()
    assert not default_storage.exists("attachments")


def test_the_same_file_sent_twice_is_attached_once(client, nfp_kenya, open_round):
    client.force_login(nfp_kenya)
    _upload(client, open_round, "strategy.pdf", PDF)
    page = _upload(client, open_round, "strategy.pdf", PDF)
    assert "Attached: strategy.pdf." in page.content.decode()
    assert ResponseAttachment.objects.count() == 1
    assert (
        len(
            default_storage.listdir(ResponseAttachment.objects.get().file.name.rsplit("/", 1)[0])[1]
        )
        == 1
    )


def test_a_file_over_the_limit_is_refused(client, nfp_kenya, open_round, settings):
    settings.ATTACHMENT_MAX_BYTES = 100
    client.force_login(nfp_kenya)
    page = _upload(client, open_round, "big.pdf", PDF)
    assert "a document may be at most 100" in page.content.decode()
    assert not ResponseAttachment.objects.exists()


def test_at_most_ten_documents(client, nfp_kenya, open_round):
    client.force_login(nfp_kenya)
    for index in range(10):
        _upload(client, open_round, f"report-{index}.pdf", PDF + b"%% copy %d\n" % index)
    page = _upload(client, open_round, "eleventh.pdf", PDF + b"%% eleventh\n")
    assert "at most 10 documents" in page.content.decode()
    assert ResponseAttachment.objects.count() == 10


def test_no_attaching_once_submitted(client, nfp_kenya, open_round, kenya):
    CountryResponse.objects.create(
        round=open_round, country=kenya, status="submitted", submitted_at=timezone.now()
    )
    client.force_login(nfp_kenya)
    page = _upload(client, open_round, "late.pdf", PDF)
    assert "read-only" in page.content.decode()
    assert not ResponseAttachment.objects.exists()


def test_nfp_removes_a_document_from_the_draft(
    client, nfp_kenya, attached, django_capture_on_commit_callbacks
):
    client.force_login(nfp_kenya)
    name = attached.file.name
    assert default_storage.exists(name)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("needs:attachment-delete", kwargs={"pk": attached.pk}))
    assert not ResponseAttachment.objects.exists()
    assert not default_storage.exists(name)


def test_other_country_nfp_cannot_remove_it(client, nfp_peru, attached):
    client.force_login(nfp_peru)
    page = client.post(reverse("needs:attachment-delete", kwargs={"pk": attached.pk}))
    assert page.status_code == 404
    assert ResponseAttachment.objects.exists()


def _download(client, attachment):
    return client.get(reverse("needs:attachment-download", kwargs={"pk": attachment.pk}))


def test_own_nfp_secretariat_and_committee_download_it(
    client, attached, nfp_kenya, secretariat, stc
):
    for user in (nfp_kenya, secretariat, stc):
        client.force_login(user)
        page = _download(client, attached)
        assert page.status_code == 200, user
        assert b"".join(page.streaming_content) == PDF
        assert page["Content-Disposition"].startswith("attachment;")
        assert page["Content-Type"] == "application/pdf"


def test_other_country_and_anonymous_get_404(client, attached, nfp_peru):
    assert _download(client, attached).status_code == 404
    client.force_login(nfp_peru)
    assert _download(client, attached).status_code == 404


def test_files_are_not_under_a_public_url(client, attached, settings):
    # Nothing serves MEDIA_ROOT: the stored path gives no file, only the checked view does.
    assert client.get("/media/" + attached.file.name).status_code in (302, 404)


def test_response_page_lists_documents_for_the_secretariat(
    client, attached, secretariat, django_assert_max_num_queries
):
    client.force_login(secretariat)
    url = reverse("needs:response-detail", kwargs={"pk": attached.response_id})
    # session, user, groups, the response, its needs, its attachments (+ savepoints)
    with django_assert_max_num_queries(9):
        page = client.get(url)
    assert attached.get_absolute_url() in page.content.decode()


@pytest.mark.django_db(transaction=True)
def test_backup_and_restore_keep_the_file(tmp_path, client, nfp_kenya, open_round):
    client.force_login(nfp_kenya)
    _upload(client, open_round, "strategy.pdf", PDF)
    stored = ResponseAttachment.objects.get().file.name
    path = tmp_path / "backup.tar.gz"
    call_command("backup", str(path))

    call_command("flush", interactive=False, verbosity=0)
    default_storage.delete(stored)
    assert not WorkPlan.objects.exists() and not default_storage.exists(stored)
    call_command("restore", str(path))

    restored = ResponseAttachment.objects.get()
    assert restored.file.name == stored and restored.response.country.iso2 == "KE"
    with default_storage.open(stored) as handle:
        assert handle.read() == PDF


ROLES = ["anonymous", "nfp_kenya", "nfp_peru", "stc", "scc", "secretariat", "viewer"]


def test_permission_matrix_of_the_file_url(request, client, attached):
    got = {}
    for role in ROLES:
        client.logout()
        if role != "anonymous":
            client.force_login(request.getfixturevalue(role))
        got[role] = _download(client, attached).status_code
    assert got == {
        "anonymous": 404,
        "nfp_kenya": 200,
        "nfp_peru": 404,
        "stc": 200,
        "scc": 200,
        "secretariat": 200,
        "viewer": 404,
    }


def test_only_focal_points_attach_and_remove(request, client, attached, open_round):
    add = reverse("needs:attachment-add", kwargs={"round_pk": open_round.pk})
    delete = reverse("needs:attachment-delete", kwargs={"pk": attached.pk})
    for role in ("stc", "secretariat", "viewer"):
        client.force_login(request.getfixturevalue(role))
        assert client.post(add, {"files": SimpleUploadedFile("a.pdf", PDF)}).status_code == 403
        assert client.post(delete).status_code == 403
    assert ResponseAttachment.objects.count() == 1
    # A GET never changes anything.
    client.force_login(request.getfixturevalue("nfp_kenya"))
    assert client.get(delete).status_code == 405
