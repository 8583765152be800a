"""Dashboard and analysis figures are cached, and a write makes them current again."""

from decimal import Decimal

from django.urls import reverse

from workplan.models import Contribution


def test_dashboard_is_cached_and_a_write_invalidates_it(
    client, stc, workplan_2012, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    client.force_login(stc)
    url = reverse("evaluation:dashboard")
    first = client.get(url)
    assert first.status_code == 200
    # Warm: the figures come from the cache; only the session, user, roles and plan list remain.
    with django_assert_max_num_queries(6):
        client.get(url)
    # The figures are invalidated when the write commits (the test's transaction never does).
    with django_capture_on_commit_callbacks(execute=True):
        Contribution.objects.create(
            workplan=workplan_2012,
            donor="Germany",
            amount_usd=Decimal("12345"),
            state="received",
            kind="core",
            date="2012-06-01",
        )
    html = client.get(url).content.decode()
    assert "US$12,345" in html


def test_warm_dashboard_runs_fewer_queries_than_cold(client, stc, workplan_2012):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(stc)
    url = reverse("evaluation:dashboard")
    with CaptureQueriesContext(connection) as cold:
        client.get(url)
    with CaptureQueriesContext(connection) as warm:
        client.get(url)
    assert len(warm) < len(cold) - 5
