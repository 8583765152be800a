"""The outbox every message goes through: queue a row, deliver it after the commit, retry.

``message_queue`` records one e-mail per recipient in the current transaction and asks for
delivery once that transaction commits, so a rolled-back write sends nothing and a slow or
broken mail server never fails the user's request. ``outbox_deliver`` sends what is due through
the real backend (``OUTBOX_DELIVERY_BACKEND``); a failure is written on the row (attempts, last
error, next attempt with exponential backoff), never raised. ``workplan.mail.OutboxBackend``
makes Django's own ``send_mail`` (password reset, invitations) go through the same rows.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import IntegrityError, transaction
from django.utils import timezone

from workplan.models import OutboxMessage

logger = logging.getLogger(__name__)

State = OutboxMessage.State
# After this many failed attempts a message stays failed until someone resends it.
MAX_ATTEMPTS = 8
BACKOFF_FIRST = timedelta(minutes=5)
BACKOFF_MAX = timedelta(hours=12)


def backoff(attempts):
    """Wait before the next attempt: 5 min, 10, 20 ... capped at 12 hours."""
    return min(BACKOFF_FIRST * (2 ** max(attempts - 1, 0)), BACKOFF_MAX)


def deliver_after_commit(ids):
    def deliver():
        try:
            outbox_deliver(ids=ids)
        except Exception:  # a side effect of a committed write must never fail the request
            logger.exception("Outbox delivery after commit failed")

    transaction.on_commit(deliver)


def message_queue(
    *,
    recipient,
    subject,
    body,
    kind=OutboxMessage.Kind.MAIL,
    language="",
    about=None,
    user=None,
    country=None,
    html_body="",
    from_email=None,
    dedupe_key=None,
    deliver=True,
    now=None,
):
    """Record one message to one address; deliver it after the commit unless ``deliver`` is
    False (the reminder command delivers its own batch). ``now`` is when it becomes due (a
    frozen clock in tests). Returns the row, or None when a message with the same
    ``dedupe_key`` exists already."""
    message = OutboxMessage(
        recipient=recipient,
        user=user,
        country=country,
        kind=kind,
        from_email=from_email or settings.DEFAULT_FROM_EMAIL,
        subject=" ".join(subject.split())[:300],
        body=body,
        html_body=html_body,
        language=language,
        dedupe_key=dedupe_key,
        next_attempt_at=now or timezone.now(),
    )
    if about is not None:
        message.content_type = ContentType.objects.get_for_model(about)
        message.object_id = about.pk
    # Uniqueness of ``dedupe_key`` is the database's to enforce (a concurrent run included).
    message.full_clean(validate_unique=False)
    if dedupe_key is not None:
        if OutboxMessage.objects.filter(dedupe_key=dedupe_key).exists():
            return None
        try:
            with transaction.atomic():
                message.save()
        except IntegrityError:  # queued by a concurrent run in the meantime
            return None
    else:
        message.save()
    if deliver:
        deliver_after_commit([message.pk])
    return message


def _email(message):
    email = EmailMultiAlternatives(
        subject=message.subject,
        body=message.body,
        from_email=message.from_email or settings.DEFAULT_FROM_EMAIL,
        to=[message.recipient],
    )
    if message.html_body:
        email.attach_alternative(message.html_body, "text/html")
    return email


def _deliver_one(pk, *, now, connection):
    with transaction.atomic():
        # skip_locked: a cron run and an after-commit delivery never send the same row twice.
        message = (
            OutboxMessage.objects.select_for_update(skip_locked=True)
            .filter(pk=pk, state__in=[State.QUEUED, State.FAILED])
            .first()
        )
        if message is None:
            return None
        message.attempts += 1
        try:
            connection.send_messages([_email(message)])
        except Exception as error:  # any transport error is recorded on the row
            message.state = State.FAILED
            message.last_error = f"{type(error).__name__}: {error}"[:2000]
            message.next_attempt_at = (
                now + backoff(message.attempts) if message.attempts < MAX_ATTEMPTS else None
            )
        else:
            message.state = State.SENT
            message.sent_at = now
            message.last_error = ""
            message.next_attempt_at = None
        message.save(
            update_fields=["attempts", "state", "last_error", "next_attempt_at", "sent_at"]
        )
        return message.state


def outbox_deliver(*, ids=None, now=None, limit=500):
    """Send the messages that are due (or just ``ids``); returns (sent, failed) counts.

    Never raises for a mail server error: the row says what went wrong and when it is tried
    again."""
    now = now or timezone.now()
    queryset = OutboxMessage.objects.deliverable(now)
    if ids is not None:
        queryset = queryset.filter(pk__in=ids)
    pks = list(queryset.order_by("next_attempt_at", "pk").values_list("pk", flat=True)[:limit])
    sent = failed = 0
    if not pks:
        return sent, failed
    try:
        connection = get_connection(settings.OUTBOX_DELIVERY_BACKEND, fail_silently=False)
        connection.open()
    except Exception as error:
        # Cannot even connect: record it on every due row rather than raise.
        connection = _BrokenConnection(error)
    try:
        for pk in pks:
            state = _deliver_one(pk, now=now, connection=connection)
            sent += state == State.SENT
            failed += state == State.FAILED
    finally:
        try:
            connection.close()
        except Exception:
            logger.exception("Closing the mail connection failed")
    return sent, failed


class _BrokenConnection:
    def __init__(self, error):
        self.error = error

    def send_messages(self, messages):
        raise self.error

    def close(self):
        pass


@transaction.atomic
def message_resend(*, messages):
    """Put messages back in the queue for the next delivery (the admin's "resend")."""
    now = timezone.now()
    ids = [m.pk for m in messages]
    OutboxMessage.objects.filter(pk__in=ids).update(
        state=State.QUEUED, next_attempt_at=now, sent_at=None
    )
    deliver_after_commit(ids)
    return len(ids)


def messages_redact(*, recipient):
    """Erase a person from the outbox on request: the address and the texts go, the row stays
    (state and times), so what was sent is still counted."""
    if not recipient:
        return 0
    return OutboxMessage.objects.filter(recipient__iexact=recipient).update(
        recipient="", subject="—", body="", html_body="", last_error="", user=None
    )
