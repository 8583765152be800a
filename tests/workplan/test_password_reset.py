"""'Forgotten your password?': Django's views in the site's layout, in three languages, with a
rate limit per address and per client.

Before: /accounts/password_reset/ showed the admin's page, and sent an e-mail for every POST,
however many times the same address or the same client asked.
"""

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation

from workplan.models import PasswordResetRequest

URL = "/accounts/password_reset/"


@pytest.fixture
def amina(db, django_user_model):
    return django_user_model.objects.create_user(
        "amina", email="amina@example.org", password="correct horse battery staple"
    )


def _ask(client, email, ip="10.0.0.1", **headers):
    return client.post(URL, {"email": email}, REMOTE_ADDR=ip, **headers)


def test_the_page_uses_the_site_layout(client, db):
    html = client.get(URL).content.decode()
    assert 'class="navbar' in html  # the site's base, not the admin's
    assert "Reset my password" in html


def test_the_login_page_links_to_it(client, db):
    assert URL in client.get(reverse("login")).content.decode()


@pytest.mark.parametrize(
    ("language", "heading", "button"),
    [
        ("fr", "Réinitialisation du mot de passe", "Réinitialiser mon mot de passe"),
        ("es", "Restablecer contraseña", "Restablecer mi contraseña"),
    ],
)
def test_the_page_is_translated(client, db, language, heading, button):
    html = client.get(URL, HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert heading in html and button in html
    with translation.override(language):
        login = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert "Forgotten your password?" not in login


def test_a_reset_link_sets_a_new_password(client, amina):
    response = _ask(client, "AMINA@example.org")
    assert response.status_code == 302
    assert [message.to for message in mail.outbox] == [["amina@example.org"]]
    link = next(word for word in mail.outbox[0].body.split() if "/accounts/reset/" in word)
    page = client.get(link, follow=True)
    assert "Enter new password" in page.content.decode()
    done = client.post(
        page.redirect_chain[-1][0],
        {"new_password1": "Migratory-birds-2012", "new_password2": "Migratory-birds-2012"},
        follow=True,
    )
    assert "Password reset complete" in done.content.decode()
    amina.refresh_from_db()
    assert amina.check_password("Migratory-birds-2012")


def test_an_unknown_address_gets_the_same_answer_and_no_mail(client, db):
    response = _ask(client, "nobody@example.org")
    assert response.status_code == 302
    assert not mail.outbox


def test_rate_limited_per_address(client, amina, settings):
    settings.PASSWORD_RESET_PER_ADDRESS = 2
    for n in range(2):
        assert _ask(client, "amina@example.org", ip=f"10.0.0.{n}").status_code == 302
    # A third request, even from another client, is refused and sends nothing.
    response = _ask(client, "amina@example.org", ip="10.0.0.99")
    assert response.status_code == 429
    assert "Too many password-reset requests" in response.content.decode()
    assert len(mail.outbox) == 2
    # Another address is not affected.
    assert _ask(client, "other@example.org", ip="10.0.0.99").status_code == 302


def test_rate_limited_per_client(client, amina, settings):
    settings.PASSWORD_RESET_PER_CLIENT = 3
    for n in range(3):
        assert _ask(client, f"someone{n}@example.org").status_code == 302
    response = _ask(client, "amina@example.org")
    assert response.status_code == 429
    assert not mail.outbox
    # A different client may still ask for Amina's link.
    assert _ask(client, "amina@example.org", ip="10.0.0.2").status_code == 302
    assert len(mail.outbox) == 1


def test_an_invented_forwarded_header_does_not_dodge_the_client_limit(client, db, settings):
    settings.PASSWORD_RESET_PER_CLIENT = 2
    for n in range(2):
        _ask(client, f"x{n}@example.org", HTTP_X_FORWARDED_FOR=f"192.0.2.{n}")
    response = _ask(client, "x9@example.org", HTTP_X_FORWARDED_FOR="192.0.2.99")
    assert response.status_code == 429


def test_the_window_passes(client, amina, settings):
    settings.PASSWORD_RESET_PER_ADDRESS = 1
    assert _ask(client, "amina@example.org").status_code == 302
    assert _ask(client, "amina@example.org").status_code == 429
    settings.PASSWORD_RESET_WINDOW_MINUTES = 0  # everything before now is outside the window
    assert _ask(client, "amina@example.org").status_code == 302
    assert PasswordResetRequest.objects.count() == 1  # old requests are forgotten


def test_the_address_itself_is_not_stored(client, amina):
    _ask(client, "amina@example.org")
    stored = PasswordResetRequest.objects.get()
    assert "amina" not in stored.email_digest and len(stored.email_digest) == 64


def test_bad_input_gets_a_message(client, db):
    response = _ask(client, "not-an-address")
    assert response.status_code == 200
    assert "Enter a valid email address." in response.content.decode()
    assert not PasswordResetRequest.objects.exists()
