"""Login throttling (django-axes) on the site and admin logins."""

import pytest
from django.urls import reverse

from tests.conftest import PASSWORD


@pytest.fixture(autouse=True)
def _limit(settings):
    settings.AXES_FAILURE_LIMIT = 3


def _login(client, username, password, ip="10.9.8.7", url="login", **headers):
    return client.post(
        reverse(url), {"username": username, "password": password}, REMOTE_ADDR=ip, **headers
    )


def test_right_password_logs_in(client, stc):
    response = _login(client, "stc", PASSWORD)
    assert response.status_code == 302
    assert client.session.get("_auth_user_id") == str(stc.pk)


def test_locked_after_failures_even_with_the_right_password(client, stc):
    for _ in range(2):
        assert _login(client, "stc", "wrong").status_code == 200
    assert _login(client, "stc", "wrong").status_code == 429  # the third failure locks
    response = _login(client, "stc", PASSWORD)
    assert response.status_code == 429
    assert "Too many failed logins" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_other_users_and_other_addresses_are_unaffected(client, stc, scc):
    for _ in range(3):
        _login(client, "stc", "wrong")
    assert _login(client, "scc", PASSWORD).status_code == 302
    client.logout()
    assert _login(client, "stc", PASSWORD, ip="10.1.1.1").status_code == 302


def test_admin_login_is_throttled_too(client, secretariat):
    for _ in range(3):
        _login(client, "sec", "wrong", url="admin:login")
    assert _login(client, "sec", PASSWORD, url="admin:login").status_code == 429


def test_forwarded_header_ignored_unless_proxies_declared(client, stc, settings):
    for n in range(3):
        _login(client, "stc", "wrong", HTTP_X_FORWARDED_FOR=f"192.0.2.{n}")
    # Inventing a new X-Forwarded-For does not dodge the lock: the address is REMOTE_ADDR.
    response = _login(client, "stc", PASSWORD, HTTP_X_FORWARDED_FOR="192.0.2.99")
    assert response.status_code == 429


def test_forwarded_header_used_behind_a_declared_proxy(client, stc, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    for _ in range(3):
        _login(client, "stc", "wrong", HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert _login(client, "stc", PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.7").status_code == 429
    # A different real client behind the same proxy is not locked out.
    assert _login(client, "stc", PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.8").status_code == 302
