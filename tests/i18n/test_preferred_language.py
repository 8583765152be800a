"""Each user reads their own language: recorded on first choice, used at every request, in
e-mails and in downloads."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from needs import reminders
from needs.models import AssessmentRound
from tests.conftest import PASSWORD
from workplan.models import UserProfile

pytestmark = pytest.mark.django_db


def _choose(client, language, next_path="/"):
    return client.post(reverse("set_language"), {"language": language, "next": next_path})


def test_a_logged_in_choice_is_recorded_and_wins_over_the_browser(client, nfp_kenya):
    client.force_login(nfp_kenya)
    assert _choose(client, "es").status_code == 302
    assert UserProfile.objects.get(user=nfp_kenya).language == "es"
    # The browser asks for French and the cookie is gone: the user's choice still wins.
    client.cookies.pop("django_language", None)
    page = client.get(reverse("workplan:workplan-list"), HTTP_ACCEPT_LANGUAGE="fr")
    assert '<html lang="es">' in page.content.decode()
    assert "Planes de trabajo" in page.content.decode()


def test_the_recorded_language_comes_back_at_the_next_login(client, nfp_kenya):
    UserProfile.objects.create(user=nfp_kenya, language="fr")
    client.post(reverse("login"), {"username": nfp_kenya.username, "password": PASSWORD})
    page = client.get(reverse("workplan:workplan-list"), HTTP_ACCEPT_LANGUAGE="es")
    assert '<html lang="fr">' in page.content.decode()
    # The cookie follows, so the login page after a logout is in the same language.
    assert page.cookies["django_language"].value == "fr"


def test_a_choice_made_before_login_becomes_the_first_choice(client, stc):
    _choose(client, "es")  # anonymous: only the cookie
    assert not UserProfile.objects.filter(user=stc).exists()
    client.post(reverse("login"), {"username": stc.username, "password": PASSWORD})
    assert UserProfile.objects.get(user=stc).language == "es"


def test_a_later_choice_replaces_the_recorded_one(client, nfp_kenya):
    UserProfile.objects.create(user=nfp_kenya, language="fr")
    client.force_login(nfp_kenya)
    _choose(client, "en")
    assert UserProfile.objects.get(user=nfp_kenya).language == "en"
    assert '<html lang="en">' in client.get(reverse("workplan:workplan-list")).content.decode()


def test_an_unknown_language_changes_nothing(client, nfp_kenya):
    UserProfile.objects.create(user=nfp_kenya, language="fr")
    client.force_login(nfp_kenya)
    _choose(client, "de")
    assert UserProfile.objects.get(user=nfp_kenya).language == "fr"


def test_anonymous_visitors_keep_the_browser_language(client):
    page = client.get(reverse("workplan:workplan-list"), HTTP_ACCEPT_LANGUAGE="es")
    assert '<html lang="es">' in page.content.decode()


def test_reminders_go_out_in_each_recipients_language(
    nfp_kenya, nfp_peru, django_capture_on_commit_callbacks
):
    from workplan.models import WorkPlan

    nfp_kenya.email, nfp_peru.email = "ke@example.org", "pe@example.org"
    nfp_kenya.save()
    nfp_peru.save()
    UserProfile.objects.create(user=nfp_peru, language="es")  # Kenya never chose: English
    today = timezone.localdate()
    closes = today + timedelta(days=20)
    assessment_round = AssessmentRound.objects.create(
        workplan=WorkPlan.objects.create(slug="wp", title="wp", start_year=2012, end_year=2014),
        title_en="Needs 2013",
        title_es="Necesidades 2013",
        opens_on=today - timedelta(days=1),
        closes_on=closes,
    )
    with django_capture_on_commit_callbacks(execute=True):
        queued = reminders.round_remind_now(assessment_round=assessment_round)
    assert len(queued) == 2
    by_recipient = {message.to[0]: message for message in mail.outbox}
    spanish, english = by_recipient["pe@example.org"], by_recipient["ke@example.org"]
    assert "Necesidades 2013" in spanish.subject and "Recordatorio" in spanish.subject
    assert f"{closes.day} de " in spanish.body and closes.isoformat() not in spanish.body
    assert "Needs 2013" in english.subject and "Reminder" in english.subject
    assert closes.isoformat() not in english.body


def test_a_download_is_in_the_language_of_whoever_downloads_it(client, stc):
    UserProfile.objects.create(user=stc, language="fr")
    client.post(reverse("login"), {"username": stc.username, "password": PASSWORD})
    response = client.get(reverse("evaluation:answers-export"))
    header = next(iter(response.streaming_content)).decode("utf-8-sig").splitlines()[0]
    assert "Numéro de la question" in header and "Question number" not in header
