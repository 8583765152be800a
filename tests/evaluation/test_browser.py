"""The dashboard in real Chromium, as a Standing Committee member."""

import pytest

from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CHARTS = ["chart-status", "chart-budget", "chart-phase", "chart-timeline"]


def test_committee_member_sees_charts_and_budget_totals(
    page, live_server, workplan_2012, stc, allow_async_unsafe
):
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(live_server.url + "/accounts/login/?next=/evaluation/dashboard/")
    page.fill("input[name=username]", stc.username)
    page.fill("input[name=password]", PASSWORD)
    with page.expect_navigation():
        page.locator("main form button[type=submit], main form input[type=submit]").first.click()
    page.wait_for_url("**/evaluation/dashboard/")

    assert page.locator("#overall-estimate").inner_text() == "US$145,000–US$240,000"
    for chart_id in CHARTS:
        canvas = page.locator(f"#{chart_id}")
        box = canvas.bounding_box()
        assert box and box["width"] > 0 and box["height"] > 0, chart_id
        # Chart.js registered a chart on the canvas, and the canvas has pixels painted.
        drawn = canvas.evaluate(
            """el => {
                const chart = Chart.getChart(el);
                const pixels = el.getContext('2d').getImageData(0, 0, el.width, el.height).data;
                let painted = 0;
                for (let i = 3; i < pixels.length; i += 4) { if (pixels[i] !== 0) painted++; }
                return {chart: chart !== undefined, painted};
            }"""
        )
        assert drawn["chart"] and drawn["painted"] > 100, (chart_id, drawn)
    assert errors == []
    # The menu leads back here.
    assert page.get_by_role("link", name="Dashboard").is_visible()
