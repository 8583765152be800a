"""At 390 px, in French (the longest site name), no page scrolls sideways: a trainee opens
their evaluation link and a focal point the training calendar on a phone."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("path", ["/needs/trainings/", "/evaluation/invitation/not-a-token/"])
def test_no_sideways_scroll_on_a_phone_in_french(page, live_server, path):
    page.set_viewport_size({"width": 390, "height": 844})
    page.context.add_cookies([{"name": "django_language", "value": "fr", "url": live_server.url}])
    page.goto(live_server.url + path)
    assert page.locator("html").get_attribute("lang") == "fr"
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
