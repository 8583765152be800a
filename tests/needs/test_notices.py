"""What the Secretariat does to a response reaches the focal points: a notice and an e-mail."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from needs import services
from needs.models import CountryResponse, Notice
from workplan import roles
from workplan.i18n import preferred_language_set
from workplan.models import FocalPoint, OutboxMessage


@pytest.fixture
def submitted(open_round, kenya):
    return CountryResponse.objects.create(
        round=open_round, country=kenya, status="submitted", submitted_at=timezone.now()
    )


@pytest.fixture
def alternate(django_user_model, kenya):
    user = django_user_model.objects.create_user("juan", email="juan@ke.example")
    user.groups.add(Group.objects.get(name=roles.NFP))
    FocalPoint.objects.create(user=user, country=kenya, is_main=False)
    preferred_language_set(user=user, language="fr")
    return user


def test_returned_response_tells_every_focal_point_and_shows_on_my_country(
    client,
    submitted,
    secretariat,
    nfp_kenya,
    alternate,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    nfp_kenya.email = "amina@ke.example"
    nfp_kenya.save()
    with django_capture_on_commit_callbacks(execute=True):
        services.response_return(
            response=submitted, user=secretariat, reason="Add the trainee estimates."
        )
    assert sorted(m.to[0] for m in mailoutbox) == ["amina@ke.example", "juan@ke.example"]
    french = next(m for m in mailoutbox if m.to == ["juan@ke.example"])
    assert "Add the trainee estimates." in french.body
    assert "renvoyée pour modification" in french.subject and "Motif indiqué" in french.body
    assert OutboxMessage.objects.filter(kind="returned").count() == 2

    client.force_login(nfp_kenya)
    page = client.get(reverse("needs:my-country"))
    html = page.content.decode()
    assert 'data-notice="returned"' in html and "Add the trainee estimates." in html


def test_accepted_and_reopen_granted_are_notices_too(client, submitted, secretariat, nfp_kenya):
    services.response_request_reopen(response=submitted, user=nfp_kenya, reason="A typo.")
    services.response_return(response=submitted, user=secretariat, reason="Reopened.")
    assert Notice.objects.get().kind == "reopen_granted"
    client.force_login(nfp_kenya)
    html = client.get(reverse("needs:my-country")).content.decode()
    assert 'data-notice="reopen_granted"' in html


def test_reopen_request_is_mailed_to_the_secretariat(submitted, secretariat, nfp_kenya):
    secretariat.email = "sec@cms.example"
    secretariat.save()
    services.response_request_reopen(response=submitted, user=nfp_kenya, reason="A typo.")
    message = OutboxMessage.objects.get(kind="reopen_requested")
    assert message.recipient == "sec@cms.example" and "A typo." in message.body


def test_my_country_shows_the_next_deadline(client, nfp_kenya, open_round, workplan):
    from needs.models import AssessmentRound

    today = timezone.localdate()
    AssessmentRound.objects.create(
        workplan=workplan,
        title="Later round",
        opens_on=today,
        closes_on=today + timedelta(days=90),
    )
    client.force_login(nfp_kenya)
    page = client.get(reverse("needs:my-country"))
    assert page.context["next_deadline"] == open_round
    assert "Next deadline" in page.content.decode()


def test_accepted_notice_and_no_deadline_once_submitted(client, submitted, secretariat, nfp_kenya):
    services.response_accept(response=submitted, user=secretariat)
    client.force_login(nfp_kenya)
    page = client.get(reverse("needs:my-country"))
    assert page.context["next_deadline"] is None
    assert 'data-notice="accepted"' in page.content.decode()


def test_my_country_notices_in_french(client, submitted, secretariat, nfp_kenya):
    services.response_return(response=submitted, user=secretariat, reason="Précisez.")
    client.force_login(nfp_kenya)
    client.cookies["django_language"] = "fr"
    html = client.get(reverse("needs:my-country"), HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Ce qu&#x27;il est advenu de vos réponses" in html or "Ce qu'il est advenu" in html
    assert "Prochaine échéance" in html and "Motif :" in html
