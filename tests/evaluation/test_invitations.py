"""Evaluation by invitation: a confirmed trainee answers pre and post tests through a signed,
expiring link, once, without an account; the knowledge gain follows."""

import re
from decimal import Decimal

import pytest
from django.core import mail

from evaluation import invitations
from evaluation.models import Invitation, Response
from evaluation.selectors.scores import knowledge_gains, trainee_scores
from needs import nominations
from tests.loop import *  # noqa: F403

pytestmark = pytest.mark.django_db


@pytest.fixture
def confirmed(nfp_kenya, secretariat, training):
    first = nominations.nomination_create(event=training, user=nfp_kenya, **TRAINEE)  # noqa: F405
    second = nominations.nomination_create(event=training, user=nfp_kenya, **TRAINEE2)  # noqa: F405
    nominations.nomination_decide(nomination=first, user=secretariat, confirm=True)
    nominations.nomination_decide(nomination=second, user=secretariat, confirm=False)
    return first


@pytest.fixture
def send(django_capture_on_commit_callbacks):
    """Send the invitations and run what waits for the commit (the mails)."""

    def send(questionnaire):
        with django_capture_on_commit_callbacks(execute=True):
            return invitations.invitations_send(
                questionnaire=questionnaire, base_url="http://testserver"
            )

    return send


def link_in(message):
    return re.search(r"http://testserver(/evaluation/invitation/[^/\s]+/)", message.body).group(1)


def test_only_confirmed_trainees_get_a_link_after_the_commit(confirmed, tests_pre_post, send):
    assert send(tests_pre_post["pre"]) == 1
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [TRAINEE["email"]]  # noqa: F405
    assert "/evaluation/invitation/" in mail.outbox[0].body
    # Sending again invites no one twice.
    assert send(tests_pre_post["pre"]) == 0
    assert len(mail.outbox) == 1


def test_the_link_is_not_the_primary_key(confirmed, tests_pre_post, send):
    send(tests_pre_post["pre"])
    invitation = Invitation.objects.get()
    path = link_in(mail.outbox[0])
    assert f"/{invitation.pk}/" not in path
    assert len(invitation.key) >= 24


def test_trainee_answers_without_login_once(client, confirmed, tests_pre_post, send):
    send(tests_pre_post["pre"])
    path = link_in(mail.outbox[0])
    page = client.get(path)
    assert page.status_code == 200
    assert "Question 1" in page.content.decode()
    data = {f"q{pk}": value for pk, value in answers_for(tests_pre_post["pre"], 1).items()}  # noqa: F405
    response = client.post(path, data)
    assert response.status_code == 302
    again = client.get(path)
    assert again.status_code == 410
    assert "already used" in again.content.decode()
    # A second POST of the same form stores nothing more.
    assert client.post(path, data).status_code == 410
    assert Response.objects.filter(questionnaire=tests_pre_post["pre"]).count() == 1


def test_the_response_is_anonymous(confirmed, tests_pre_post, send):
    send(tests_pre_post["pre"])
    token = link_in(mail.outbox[0]).split("/")[-2]
    response = invitations.invitation_answer(
        token=token,
        answers=answers_for(tests_pre_post["pre"], 2),  # noqa: F405
    )
    assert response.respondent is None and response.country is None
    assert response.is_submitted


def test_a_tampered_link_is_refused(client, confirmed, tests_pre_post, send):
    send(tests_pre_post["pre"])
    path = link_in(mail.outbox[0])
    tampered = path[:-3] + ("A" if path[-3] != "A" else "B") + path[-2:]
    response = client.get(tampered)
    assert response.status_code == 404
    assert "not valid" in response.content.decode()


def test_an_expired_link_says_so(client, settings, confirmed, tests_pre_post, send):
    send(tests_pre_post["pre"])
    path = link_in(mail.outbox[0])
    settings.EVALUATION_INVITATION_DAYS = -1
    response = client.get(path)
    assert response.status_code == 410
    assert "expired" in response.content.decode()
    data = {f"q{pk}": v for pk, v in answers_for(tests_pre_post["pre"], 3).items()}  # noqa: F405
    assert client.post(path, data).status_code == 410
    assert not Response.objects.exists()


def test_missing_answer_is_a_form_error_and_the_link_stays_usable(
    client, confirmed, tests_pre_post, send
):
    send(tests_pre_post["pre"])
    path = link_in(mail.outbox[0])
    response = client.post(path, {})
    assert response.status_code == 200
    assert "needs an answer" in response.content.decode()
    assert not Response.objects.exists()
    assert client.get(path).status_code == 200


def test_knowledge_gain_per_trainee_and_per_training(confirmed, tests_pre_post, training, send):
    for stage, right in (("pre", 1), ("post", 3)):
        send(tests_pre_post[stage])
        invitation = Invitation.objects.get(questionnaire=tests_pre_post[stage])
        invitations.invitation_answer(
            token=invitations.invitation_token(invitation),
            answers=answers_for(tests_pre_post[stage], right),  # noqa: F405
        )
    rows = trainee_scores(events=[training])[training.pk]
    assert rows == [
        {
            "nomination_id": confirmed.pk,
            "pre": Decimal("33.3"),
            "post": Decimal("100.0"),
            "gain": Decimal("66.7"),
        }
    ]
    gains = knowledge_gains(events=[training])[training.pk]
    assert gains["tested"] == 1
    assert (gains["pre"], gains["post"], gains["gain"]) == (
        Decimal("33.3"),
        Decimal("100.0"),
        Decimal("66.7"),
    )


def test_a_questionnaire_that_is_not_a_training_test_is_not_sent(confirmed, tests_pre_post, send):
    questionnaire = tests_pre_post["pre"]
    questionnaire.stage = ""
    questionnaire.save()
    with pytest.raises(invitations.InvitationRefused):
        send(questionnaire)
    assert not mail.outbox


def test_a_training_test_is_not_answered_with_a_login(client, trainee, tests_pre_post):
    """Pre- and post-training tests go by personal link only: no logged-in response."""
    client.force_login(trainee)
    assert client.get(f"/evaluation/questionnaires/{tests_pre_post['pre'].pk}/").status_code == 404
    assert "Test pre" not in client.get("/evaluation/").content.decode()


def test_the_invitation_is_in_the_outbox_and_erasure_removes_the_person(
    confirmed, tests_pre_post, send, secretariat
):
    from workplan.models import OutboxMessage

    send(tests_pre_post["pre"])
    row = OutboxMessage.objects.get(recipient=TRAINEE["email"])  # noqa: F405
    assert row.state == OutboxMessage.State.SENT
    assert row.about == Invitation.objects.get()
    assert TRAINEE["name"] in row.body  # noqa: F405

    nominations.nomination_erase(nomination=confirmed, user=secretariat)

    row.refresh_from_db()
    assert row.recipient == "" and row.body == "" and TRAINEE["name"] not in row.subject  # noqa: F405
    assert row.state == OutboxMessage.State.SENT  # what was sent is still counted
    assert not OutboxMessage.objects.filter(body__contains=TRAINEE["name"]).exists()  # noqa: F405
