"""In real Chromium: an NFP attaches a document to the draft and submits; the Secretariat
downloads it from the response page."""

import pytest

from needs.models import CountryResponse
from tests.conftest import PASSWORD
from tests.needs.test_attachments import PDF

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _log_in(page, url, user):
    page.goto(url)
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("form [type=submit]")


def test_nfp_attaches_submits_and_secretariat_downloads(
    page, live_server, nfp_kenya, secretariat, open_round, lookups, tmp_path
):
    document = tmp_path / "Kenya national strategy.pdf"
    document.write_bytes(PDF)
    _log_in(page, f"{live_server.url}/needs/rounds/{open_round.pk}/response/", nfp_kenya)
    page.wait_for_url("**/response/")

    page.set_input_files("#attachment-form input[type=file]", str(document))
    page.click("#attachment-form button[type=submit]")
    page.wait_for_selector("[data-attachment]")
    assert "Kenya national strategy.pdf" in page.locator("#attachments").inner_text()

    page.fill("textarea[name=existing_capacities]", "Kenya Wildlife Service training school.")
    page.click("[data-need-add]")
    prefix = "#id_needs-0-"
    page.select_option(f"{prefix}topic", label="National reporting to CMS")
    page.fill(f"{prefix}priority", "5")
    page.select_option(f"{prefix}scope", label="Regional")
    page.select_option(f"{prefix}training_type", label="Regional workshop")
    page.select_option(f"{prefix}target_group", label="National Focal Points")
    page.select_option(f"{prefix}language", label="French")
    page.on("dialog", lambda dialog: dialog.accept())
    page.click("button[name=submit]")
    page.wait_for_selector("#lock-reason")
    response = CountryResponse.objects.get()
    assert response.status == "submitted" and response.attachments.count() == 1
    # Submitted: the document stays, the controls to add or remove are gone.
    assert page.locator("#attachment-form").count() == 0

    page.context.clear_cookies()
    _log_in(page, f"{live_server.url}/needs/responses/{response.pk}/", secretariat)
    page.wait_for_url(f"**/needs/responses/{response.pk}/")
    with page.expect_download() as download_info:
        page.click("#attachments a")
    download = download_info.value
    assert download.suggested_filename == "Kenya national strategy.pdf"
    saved = tmp_path / "downloaded.pdf"
    download.save_as(saved)
    assert saved.read_bytes() == PDF
