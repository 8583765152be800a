"""axe-core (vendored from npm into the tests only) on the pages people read: no serious or
critical violation on the public pages, the NFP pages, the dashboard, the report and the admin
activity list and change page."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from tests.conftest import PASSWORD
from workplan.models import Activity

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = (Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js").read_text()
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@pytest.fixture
def browser_context_args(browser_context_args):
    # axe is injected as a script: the site's CSP (rightly) refuses scripts it did not serve.
    return {**browser_context_args, "bypass_csp": True}


def _log_in(page, live_server, user):
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", PASSWORD)
    with page.expect_navigation():
        page.locator("main form button[type=submit], main form input[type=submit]").first.click()


def _violations(page, url):
    response = page.goto(url)
    assert response.status == 200, url
    page.wait_for_load_state("networkidle")
    page.add_script_tag(content=AXE)
    found = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})"
        ".then(r => r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,"
        " nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))})))",
        TAGS,
    )
    return [v for v in found if v["impact"] in ("serious", "critical")]


def _check(page, live_server, paths):
    problems = {}
    for path in paths:
        bad = _violations(page, live_server.url + path)
        if bad:
            problems[path] = bad
    assert not problems, "\n".join(f"{p}: {v}" for p, vs in problems.items() for v in vs)


def test_public_pages(page, live_server, workplan_2012):
    activity = Activity.objects.get(code="1.4")
    _check(
        page,
        live_server,
        [
            "/",
            "/workplans/",
            workplan_2012.get_absolute_url(),
            activity.get_absolute_url(),
            "/handbook/",
            "/accounts/login/",
        ],
    )


def test_nfp_pages(page, live_server, workplan_2012, nfp_kenya):
    from needs.models import AssessmentRound

    today = timezone.localdate()
    assessment = AssessmentRound.objects.create(
        workplan=workplan_2012,
        title="Needs 2012",
        opens_on=today - timedelta(days=5),
        closes_on=today + timedelta(days=5),
    )
    _log_in(page, live_server, nfp_kenya)
    _check(
        page,
        live_server,
        [
            "/needs/",
            f"/needs/rounds/{assessment.pk}/response/",
            "/evaluation/",
            "/handbook/suggestions/",
        ],
    )


def test_dashboard_and_report(page, live_server, workplan_2012, stc):
    _log_in(page, live_server, stc)
    _check(page, live_server, ["/evaluation/dashboard/", "/evaluation/report/"])


def test_admin_activity_list_and_change_page(page, live_server, workplan_2012, secretariat):
    activity = Activity.objects.get(code="1.4")
    _log_in(page, live_server, secretariat)
    _check(
        page,
        live_server,
        ["/admin/workplan/activity/", f"/admin/workplan/activity/{activity.pk}/change/"],
    )


def test_dashboard_and_report_on_a_phone(page, live_server, workplan_2012, stc):
    """At 390 px the wide tables scroll in their box: a keyboard user must reach them too."""
    from workplan.models import Contribution

    Contribution.objects.create(
        workplan=workplan_2012,
        donor="Government of a country with a long official name for the table",
        amount_usd=12500,
        state="received",
        kind="core",
        date=timezone.localdate(),
    )
    page.set_viewport_size({"width": 390, "height": 844})
    _log_in(page, live_server, stc)
    _check(page, live_server, ["/evaluation/dashboard/", "/evaluation/report/"])
