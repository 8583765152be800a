"""The API keeps to its OpenAPI schema, for anonymous visitors and committee members alike, and
takes no password outside the login form.

Before: /api/dashboard/<slug>/ accepted HTTP Basic credentials (a password outside the login form,
where the lockout answers 403 instead of 429), and the schema documented only 200 while the API
also answered 403 and 404.
"""

import base64

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.conftest import PASSWORD

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


# Loaded once at collection from the running app's own /api/schema/ (no database needed).
schema = schemathesis.openapi.from_wsgi("/api/schema/", get_wsgi_application())


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """Calls go through the WSGI application, whose end-of-request signal would close the test's
    database connection (still inside the test's transaction); Django's test client disconnects
    that signal the same way for its own requests."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def _session_cookie(user):
    client = Client()
    client.force_login(user)
    return {"sessionid": client.cookies["sessionid"].value}


@pytest.fixture
def committee_cookies(stc):
    return _session_cookie(stc)


BOUNDED = settings(
    max_examples=25,
    database=None,  # no .hypothesis/ folder in the project
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@schema.parametrize()
@BOUNDED
def test_api_keeps_to_its_schema_anonymous(case, workplan_2012):
    case.call_and_validate(checks=CHECKS)


@schema.parametrize()
@BOUNDED
def test_api_keeps_to_its_schema_as_committee_member(case, workplan_2012, committee_cookies):
    case.call_and_validate(cookies=committee_cookies, checks=CHECKS)


def _get_schema(client):
    return client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()


def test_schema_documents_403_and_404(client, db):
    paths = _get_schema(client)["paths"]
    dashboard = paths["/api/dashboard/{slug}/"]["get"]["responses"]
    assert {"200", "403", "404"} <= set(dashboard)
    assert "404" in paths["/api/activities/{id}/"]["get"]["responses"]
    assert "404" in paths["/api/workplans/{slug}/"]["get"]["responses"]
    assert "403" not in paths["/api/activities/"]["get"]["responses"]  # public


def _basic(username, password):
    token = base64.b64encode(f"{username}:{password}".encode()).decode()
    return {"HTTP_AUTHORIZATION": f"Basic {token}"}


def test_http_basic_is_not_accepted(client, stc, workplan_2012):
    url = reverse("api-dashboard", args=[workplan_2012.slug])
    response = client.get(url, **_basic("stc", PASSWORD))
    assert response.status_code == 403
    assert "WWW-Authenticate" not in response.headers  # no invitation to send a password


def test_a_locked_out_login_gets_429_and_no_way_around_it(client, stc, workplan_2012, settings):
    settings.AXES_FAILURE_LIMIT = 2
    for _ in range(2):
        client.post(reverse("login"), {"username": "stc", "password": "wrong"})
    response = client.post(reverse("login"), {"username": "stc", "password": PASSWORD})
    assert response.status_code == 429
    url = reverse("api-dashboard", args=[workplan_2012.slug])
    assert client.get(url, **_basic("stc", PASSWORD)).status_code == 403
    assert "_auth_user_id" not in client.session


def test_committee_session_reads_the_dashboard(client, stc, workplan_2012):
    client.force_login(stc)
    response = client.get(reverse("api-dashboard", args=[workplan_2012.slug]))
    assert response.status_code == 200
    assert response.json()["workplan"]["slug"] == workplan_2012.slug
