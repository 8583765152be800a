"""In real Chromium: an NFP drafts, reloads, submits; the Secretariat then sees the response."""

import pytest

from needs.models import CountryResponse
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _log_in(page, url, user):
    page.goto(url)
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("form [type=submit]")


def _fill_need(page, index, topic, priority):
    prefix = f"#id_needs-{index}-"
    page.select_option(f"{prefix}topic", label=topic)
    page.fill(f"{prefix}priority", str(priority))
    page.select_option(f"{prefix}urgency", label="High")
    page.select_option(f"{prefix}scope", label="Regional")
    page.select_option(f"{prefix}training_type", label="Regional workshop")
    page.select_option(f"{prefix}target_group", label="National Focal Points")
    page.select_option(f"{prefix}language", label="French")
    page.fill(f"{prefix}expected_trainees", "30")


def test_nfp_drafts_submits_and_secretariat_sees_it(
    page, live_server, nfp_kenya, secretariat, open_round, lookups, allow_async_unsafe
):
    _log_in(page, f"{live_server.url}/needs/", nfp_kenya)
    page.wait_for_url("**/needs/")
    page.click("text=Start the response")
    page.wait_for_url("**/response/")

    page.fill("textarea[name=existing_capacities]", "Kenya Wildlife Service training school.")
    page.fill("textarea[name=constraints_and_gaps]", "Too few staff trained in bird monitoring.")
    page.click("[data-need-add]")
    _fill_need(page, 0, "National reporting to CMS", 5)
    page.click("[data-need-add]")
    _fill_need(page, 1, "Bycatch and fisheries interactions", 3)
    page.click("button[name=save]")
    page.wait_for_load_state()
    assert "Draft saved." in page.locator(".alert").first.inner_text()

    page.reload()
    assert page.locator("[data-need-row]").count() == 2
    assert page.input_value("#id_needs-1-priority") == "3"
    assert "Kenya Wildlife Service" in page.input_value("textarea[name=existing_capacities]")

    page.on("dialog", lambda dialog: dialog.accept())
    page.click("button[name=submit]")
    page.wait_for_selector("#lock-reason")
    assert "nfp_ke" in page.locator("#lock-reason").inner_text()
    response = CountryResponse.objects.get()
    assert response.status == "submitted" and response.needs.count() == 2

    page.context.clear_cookies()
    _log_in(page, f"{live_server.url}/admin/needs/countryresponse/", secretariat)
    page.wait_for_url("**/admin/needs/countryresponse/")
    assert "Kenya" in page.locator("#result_list").inner_text()

    page.goto(f"{live_server.url}/needs/rounds/{open_round.pk}/analysis/")
    table = page.locator("#by-topic").inner_text()
    assert "National reporting to CMS" in table
    assert page.locator("#chart-topics").is_visible()
