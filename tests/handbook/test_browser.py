"""An NFP suggests content in real Chromium and later reads the Secretariat's decision."""

import pytest

from handbook import services
from handbook.models import Suggestion
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_nfp_submits_a_suggestion_and_sees_the_triage_outcome(
    page, live_server, nfp_kenya, secretariat, chapters, allow_async_unsafe
):
    page.goto(f"{live_server.url}/handbook/suggestions/new/")
    page.fill("input[name=username]", nfp_kenya.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit], input[type=submit]")
    page.wait_for_url("**/handbook/suggestions/new/")

    page.fill("input[name=theme]", "Community-based monitoring")
    page.select_option(
        "select[name=target_chapter]", label="3. Reporting to the Convention — English v1"
    )
    page.fill("textarea[name=text]", "Show how villages can count migratory birds and report.")
    page.click("#suggestion-form [type=submit]")
    page.wait_for_url("**/handbook/suggestions/*/")
    assert "your suggestion was received" in page.locator(".alert").inner_text()

    page.goto(f"{live_server.url}/handbook/suggestions/")
    row = page.locator("tr[data-suggestion]")
    assert row.count() == 1
    assert "Community-based monitoring" in row.inner_text()
    assert row.locator(".suggestion-status").inner_text() == "New"

    suggestion = Suggestion.objects.get()
    assert suggestion.country.iso2 == "KE"
    services.suggestion_triage(
        suggestion=suggestion, by=secretariat, outcome="accepted", chapter=chapters[2]
    )

    page.reload()
    assert row.locator(".suggestion-status").inner_text() == "Accepted into a chapter"
    row.get_by_role("link", name="Community-based monitoring").click()
    page.wait_for_url(f"**{suggestion.get_absolute_url()}")
    assert "into chapter 3. Reporting to the Convention" in page.locator("#outcome").inner_text()


def test_progress_bar_is_sized_by_script(page, live_server, chapters, allow_async_unsafe):
    page.goto(f"{live_server.url}/handbook/")
    segment = page.locator(".handbook-progress [data-width='33']").first
    assert segment.evaluate("el => el.style.width") == "33%"
