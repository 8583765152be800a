"""The public work plan in real Chromium."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_public_reads_the_plan_and_opens_an_activity(
    page, live_server, workplan_2012, allow_async_unsafe
):
    page.goto(live_server.url + "/")
    assert page.title().startswith("CMS Capacity Building Work Plan 2012-2014")
    assert page.locator("#overall-total").inner_text() == "US$145,000–US$240,000"
    assert page.locator("tr[data-activity]").count() == 14
    page.get_by_role("link", name="1.4 Tailor-made training programmes conducted").click()
    page.wait_for_url("**/activities/1.4/")
    assert "3-4 days for 20-40 trainees" in page.locator("main").inner_text()
    # Bootstrap is served from our own static files: the navbar is styled.
    bg = page.locator("nav.navbar").evaluate("el => getComputedStyle(el).display")
    assert bg == "flex"


def test_language_switcher_changes_the_page_language(
    page, live_server, workplan_2012, allow_async_unsafe
):
    page.goto(live_server.url + "/")
    with page.expect_navigation():
        page.select_option("select[name=language]", "fr")
    assert page.locator("html").get_attribute("lang") == "fr"
    assert page.get_by_role("link", name="Plans de travail").is_visible()
    # The choice is remembered on the next page.
    page.goto(live_server.url + "/workplans/")
    assert page.locator("html").get_attribute("lang") == "fr"


def test_public_follows_the_open_data_link_to_the_iati_file(
    page, live_server, workplan_2012, allow_async_unsafe
):
    page.goto(live_server.url + "/")
    link = page.get_by_role("link", name="This work plan as an IATI activity file")
    assert page.get_by_role("link", name="CC BY 4.0").get_attribute("rel") == "license"
    with page.expect_response("**/evaluation/iati/2012-2014.xml") as response_info:
        link.click()
    response = response_info.value
    assert response.status == 200 and response.headers["content-type"] == "application/xml"
    assert b"<iati-activities" in response.body()
