"""The dashboard in real Chromium, as a Standing Committee member."""

import csv
import io
from datetime import date, timedelta

import pytest
from django.utils import timezone

from tests.conftest import PASSWORD
from workplan.models import Activity

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _log_in(page, live_server, user, next_url):
    page.goto(f"{live_server.url}/accounts/login/?next={next_url}")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", PASSWORD)
    with page.expect_navigation():
        page.locator("main form button[type=submit], main form input[type=submit]").first.click()
    page.wait_for_url(f"**{next_url}")


@pytest.fixture
def submitted_kenya(workplan_2012, kenya, peru):
    from needs.models import AssessmentRound, CountryResponse

    today = timezone.localdate()
    assessment = AssessmentRound.objects.create(
        workplan=workplan_2012,
        title="Needs 2012",
        opens_on=today - timedelta(days=5),
        closes_on=today + timedelta(days=5),
    )
    CountryResponse.objects.create(
        round=assessment, country=kenya, status="submitted", submitted_at=timezone.now()
    )
    return assessment


def test_committee_member_reads_timeline_map_and_charts(
    page, live_server, workplan_2012, stc, submitted_kenya
):
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    Activity.objects.filter(code="1.1").update(
        planned_start=date(2012, 2, 1), planned_end=date(2012, 8, 31), status="completed"
    )
    _log_in(page, live_server, stc, "/evaluation/dashboard/")
    assert page.locator("#overall-estimate").inner_text() == "US$145,000–US$240,000"

    # The timeline: one planned bar per activity, coloured by its status, and the arrows.
    timeline = page.locator("#svg-timeline")
    assert timeline.locator("rect.bar-planned").count() == 14
    completed = timeline.locator('g[data-activity="1.1"] rect.bar-planned')
    not_started = timeline.locator('g[data-activity="2.1"] rect.bar-planned')
    assert completed.get_attribute("fill") != not_started.get_attribute("fill")
    assert timeline.locator("path.dependency").count() == 10
    box = timeline.locator('path.dependency[data-from="1.1"]').bounding_box()
    assert box and box["height"] > 0

    # The map: Kenya (submitted) and Peru (not started) are painted differently.
    kenya = page.locator('.map-svg path[data-iso="KE"]')
    kenya.wait_for()
    peru = page.locator('.map-svg path[data-iso="PE"]')
    assert kenya.get_attribute("fill") != peru.get_attribute("fill")
    kenya.hover()
    assert "Kenya: Submitted" in page.locator(".map-tooltip").inner_text()
    page.get_by_text("Trainees trained", exact=True).first.click()
    assert page.locator(".map-svg").get_attribute("data-mode") == "trainees"

    # Each chart's CSV says what the page's tables say.
    budget = page.request.get(
        live_server.url + page.locator("#chart-budget a.chart-csv").get_attribute("href")
    )
    rows = list(csv.reader(io.StringIO(budget.text().lstrip("\ufeff"))))
    table = page.locator("#budget-table tbody tr")
    assert len(rows) - 1 == table.count() == 3
    for index in range(table.count()):
        assert (
            rows[index + 1][0] == table.nth(index).locator("td").first.inner_text().split(" (")[0]
        )
    timeline_csv = page.request.get(
        live_server.url + page.locator("#chart-timeline a.chart-csv").get_attribute("href")
    )
    codes = [row[0] for row in csv.reader(io.StringIO(timeline_csv.text().lstrip("\ufeff")))][1:]
    assert codes == page.locator("#activity-table tbody tr").evaluate_all(
        "rows => rows.map(r => r.dataset.activity)"
    )
    # Every chart has a title and a text summary.
    for chart in page.locator("figure.chart").all():
        assert chart.locator("h2").inner_text().strip()
    assert errors == []
    # The menu leads back here.
    assert page.get_by_role("link", name="Dashboard").is_visible()


def test_the_timeline_scrolls_on_a_phone_instead_of_clipping(page, live_server, workplan_2012, stc):
    page.set_viewport_size({"width": 390, "height": 844})
    _log_in(page, live_server, stc, "/evaluation/dashboard/")
    scroller = page.locator("#chart-timeline .chart-scroll")
    sizes = scroller.evaluate("el => [el.scrollWidth, el.clientWidth]")
    assert sizes[0] > sizes[1] >= 300  # wider than the phone: it scrolls
    label = page.locator('#svg-timeline g[data-activity="1.4"] text').first
    assert label.bounding_box()["width"] > 0


@pytest.mark.parametrize("language", ["fr", "es"])
def test_the_dashboard_does_not_scroll_sideways_on_a_phone_in_any_language(
    page, live_server, workplan_2012, stc, language
):
    """The French site name is longer than the English one: it wraps, not push the page."""
    page.set_viewport_size({"width": 390, "height": 844})
    page.set_extra_http_headers({"Accept-Language": language})
    _log_in(page, live_server, stc, "/evaluation/dashboard/")
    assert page.locator("html").get_attribute("lang") == language
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    brand = page.locator(".navbar-brand").bounding_box()
    assert brand["x"] + brand["width"] <= 390
