"""Writes for evaluation by invitation: a confirmed trainee answers through a personal link.

The link holds a token made with ``django.core.signing`` (signed with SECRET_KEY, time-stamped,
expiring after ``EVALUATION_INVITATION_DAYS``) around a random key stored on the invitation, so
it can be neither guessed nor made from a primary key. One link answers once.
"""

import logging
import secrets

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from evaluation.models import Invitation, Questionnaire, Response
from evaluation.services import answers_store
from needs import selectors as needs_selectors
from workplan import outbox

SALT = "evaluation.invitation"
logger = logging.getLogger(__name__)


class InvitationRefused(ValidationError):
    """The link cannot be used: not valid, expired, already used, or the test is closed."""


def _max_age():
    return settings.EVALUATION_INVITATION_DAYS * 24 * 3600


def invitation_token(invitation):
    return signing.dumps({"k": invitation.key}, salt=SALT)


def invitation_url(invitation):
    return reverse("evaluation:invitation-answer", kwargs={"token": invitation_token(invitation)})


def invitation_for_token(token, *, for_update=False):
    """The invitation behind a link, or InvitationRefused saying what is wrong with the link."""
    try:
        data = signing.loads(token, salt=SALT, max_age=_max_age())
    except signing.SignatureExpired:
        raise InvitationRefused(
            _("This link has expired. Ask the CMS Secretariat for a new one."), code="expired"
        ) from None
    except signing.BadSignature:
        raise InvitationRefused(
            _("This link is not valid. Check that it was copied whole."), code="invalid"
        ) from None
    invitations = Invitation.objects.select_related("questionnaire")
    if for_update:
        invitations = invitations.select_for_update(of=("self",))
    invitation = invitations.filter(key=str(data.get("k", ""))).first()
    if invitation is None:
        raise InvitationRefused(_("This link is not valid."), code="invalid")
    if invitation.is_used:
        raise InvitationRefused(
            _("This link was already used: the answers were received on %(date)s. Thank you.")
            % {"date": formats.date_format(timezone.localtime(invitation.answered_at))},
            code="used",
        )
    return invitation


def _mail(invitation, link):
    nomination = invitation.nomination
    questionnaire = invitation.questionnaire
    event = questionnaire.training_event
    subject = _("CMS training evaluation: %(title)s") % {"title": questionnaire.title}
    body = _(
        "Dear %(name)s,\n\n"
        "Thank you for taking part in the training “%(training)s”. Please answer the "
        "questionnaire “%(questionnaire)s” through your personal link (no login needed; it "
        "works once):\n\n%(link)s\n\nThe questionnaire closes on %(date)s.\n\n"
        "CMS Secretariat, Capacity Building Unit\n"
    ) % {
        "name": nomination.name,
        "training": event.title if event else "",
        "questionnaire": questionnaire.title,
        "link": link,
        "date": formats.date_format(questionnaire.closes_on),
    }
    # The outbox records it, delivers it after the commit and retries a failure.
    outbox.message_queue(
        recipient=nomination.email,
        subject=subject,
        body=body,
        language=translation.get_language() or "",
        about=invitation,
        country=nomination.country,
    )


@transaction.atomic
def invitations_send(*, questionnaire, base_url, language=None):
    """Invite every confirmed trainee of the questionnaire's training who has no link yet.

    The mails leave after the commit (``transaction.on_commit``), one per trainee, through
    Django's mail API. Returns the number of new invitations.
    """
    if questionnaire.training_event_id is None or not questionnaire.stage:
        raise InvitationRefused(
            _("Only a training's pre- or post-training questionnaire is sent by invitation.")
        )
    questionnaire = Questionnaire.objects.select_for_update().get(pk=questionnaire.pk)
    invited = Invitation.objects.filter(questionnaire=questionnaire).values("nomination")
    nominations = needs_selectors.invitable_nominations(questionnaire.training_event_id).exclude(
        pk__in=invited
    )
    invitations = []
    for nomination in nominations:
        invitation = Invitation(
            questionnaire=questionnaire, nomination=nomination, key=secrets.token_urlsafe(24)
        )
        invitation.full_clean()
        invitation.save()
        invitations.append(invitation)

    def send():
        with translation.override(language or settings.LANGUAGE_CODE):
            for invitation in invitations:
                _mail(invitation, base_url.rstrip("/") + invitation_url(invitation))

    transaction.on_commit(send)
    return len(invitations)


@transaction.atomic
def invitation_answer(*, token, answers, today=None):
    """Store a trainee's answers once, as an anonymous response; the link is then used."""
    invitation = invitation_for_token(token, for_update=True)
    questionnaire = invitation.questionnaire
    today = today or timezone.localdate()
    if not questionnaire.is_open(today):
        raise InvitationRefused(
            _("This questionnaire closed on %(date)s: it takes no more answers.")
            % {"date": formats.date_format(questionnaire.closes_on)}
            if today > questionnaire.closes_on
            else _("This questionnaire opens on %(date)s.")
            % {"date": formats.date_format(questionnaire.opens_on)},
            code="closed",
        )
    response = Response(
        questionnaire=questionnaire,
        respondent=None,
        country=None,
        status=Response.Status.SUBMITTED,
        submitted_at=timezone.now(),
        version=1,
    )
    response.save()
    answers_store(response, list(questionnaire.questions.all()), answers, complete=True, user=None)
    invitation.response = response
    invitation.answered_at = response.submitted_at
    invitation.save(update_fields=["response", "answered_at"])
    return response
