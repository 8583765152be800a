"""Sessions: new key at login, dead after logout, idle and absolute timeouts."""

import time

import pytest
from django.urls import reverse

from tests.conftest import PASSWORD

PRIVATE = "/accounts/password_change/"


def _log_in(client, username):
    response = client.post(reverse("login"), {"username": username, "password": PASSWORD})
    assert response.status_code == 302
    return client.cookies["sessionid"].value


def test_login_issues_a_new_session_key(client, stc):
    client.get(reverse("login"))
    client.session.save()
    before = client.session.session_key
    after = _log_in(client, "stc")
    assert after != before


def test_session_is_dead_after_logout(client, stc):
    key = _log_in(client, "stc")
    client.post(reverse("logout"))
    client.cookies["sessionid"] = key  # replay the old cookie
    response = client.get(PRIVATE)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize(
    ("idle", "since_login", "logged_in"),
    [
        (60, 60, True),
        (3 * 60 * 60, 3 * 60 * 60, False),  # idle too long
        (60, 13 * 60 * 60, False),  # active, but past the absolute limit
    ],
)
def test_idle_and_absolute_timeouts(client, stc, idle, since_login, logged_in):
    _log_in(client, "stc")
    client.get(PRIVATE)
    session = client.session
    now = int(time.time())
    session["auth_started_at"] = now - since_login
    session["auth_seen_at"] = now - idle
    session.save()
    response = client.get(PRIVATE)
    assert (response.status_code == 200) is logged_in
    if not logged_in:
        assert response["Location"].startswith("/accounts/login/")


def test_session_cookie_flags(client, stc, settings):
    _log_in(client, "stc")
    cookie = client.cookies["sessionid"]
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"
    assert int(cookie["max-age"]) == settings.SESSION_ABSOLUTE_SECONDS
