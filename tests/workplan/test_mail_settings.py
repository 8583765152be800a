"""EMAIL_URL picks how the outbox delivers: SMTP, the console, or an API provider."""

import pytest

from tests.workplan.test_settings import _manage

PRINT = (
    "from django.conf import settings as s; "
    "print(s.EMAIL_BACKEND, s.OUTBOX_DELIVERY_BACKEND, s.EMAIL_HOST, s.EMAIL_PORT, "
    "s.EMAIL_USE_TLS, s.ANYMAIL)"
)


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({}, "workplan.mail.OutboxBackend django.core.mail.backends.console.EmailBackend"),
        (
            {"EMAIL_URL": "smtp+tls://mailer:secret@mail.example.org:587"},
            "workplan.mail.OutboxBackend django.core.mail.backends.smtp.EmailBackend "
            "mail.example.org 587 True",
        ),
        (
            {"EMAIL_URL": "anymail://mailgun", "ANYMAIL_MAILGUN_API_KEY": "key-1"},
            "workplan.mail.OutboxBackend anymail.backends.mailgun.EmailBackend localhost 25 "
            "False {'MAILGUN_API_KEY': 'key-1'}",
        ),
    ],
    ids=["default", "smtp", "anymail"],
)
def test_email_url_chooses_the_delivery(env, expected):
    result = _manage("shell", "-c", PRINT, **{"EMAIL_URL": "", **env})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1].startswith(expected), result.stdout


def test_an_unknown_provider_name_fails_loudly():
    result = _manage("check", EMAIL_URL="anymail://../evil")
    assert result.returncode != 0
    assert "EMAIL_URL" in result.stderr


def test_the_anymail_backend_loads():
    from django.core.mail import get_connection
    from django.test import override_settings

    with override_settings(ANYMAIL={"MAILGUN_API_KEY": "key-1"}):
        connection = get_connection("anymail.backends.mailgun.EmailBackend")
    assert type(connection).__module__ == "anymail.backends.mailgun"
