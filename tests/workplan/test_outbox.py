"""The outbox: every e-mail is a row first, delivered after the commit, retried, resent."""

from datetime import timedelta

import pytest
from django.core import mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from workplan import outbox
from workplan.models import OutboxMessage


@pytest.fixture
def through_outbox(settings):
    """Django's mail API goes through the outbox, as configured outside tests."""
    settings.EMAIL_BACKEND = "workplan.mail.OutboxBackend"


def test_send_mail_from_any_code_lands_in_the_outbox_and_is_delivered(
    db, through_outbox, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        mail.send_mail("Invitation", "Come to the training.", None, ["a@x.example", "b@x.example"])
    rows = OutboxMessage.objects.order_by("recipient")
    assert [(m.recipient, m.state, m.kind) for m in rows] == [
        ("a@x.example", "sent", "mail"),
        ("b@x.example", "sent", "mail"),
    ]
    assert sorted(m.to[0] for m in mailoutbox) == ["a@x.example", "b@x.example"]
    assert all(m.sent_at is not None for m in rows)


def test_password_reset_email_goes_through_the_outbox(
    client, django_user_model, through_outbox, mailoutbox, django_capture_on_commit_callbacks
):
    django_user_model.objects.create_user("amina", email="amina@ke.example", password="x-Y-z-123")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("password_reset"), {"email": "amina@ke.example"})
    message = OutboxMessage.objects.get()
    assert message.recipient == "amina@ke.example" and message.state == "sent"
    assert "/accounts/reset/" in message.body
    assert mailoutbox[0].to == ["amina@ke.example"]


def test_a_rolled_back_write_sends_nothing(db, through_outbox, mailoutbox):
    with pytest.raises(RuntimeError), transaction.atomic():
        mail.send_mail("Lost", "Never sent.", None, ["a@x.example"])
        raise RuntimeError("the write failed")
    assert not OutboxMessage.objects.exists()
    assert mailoutbox == []


class _Refusing:
    """A delivery backend whose server refuses every message (an SMTP 550, say)."""

    def __init__(self, *args, **kwargs):
        pass

    def open(self):
        pass

    def close(self):
        pass

    def send_messages(self, messages):
        raise OSError("550 mailbox unavailable")


def test_failures_back_off_then_give_up_until_resent(db, settings, mailoutbox):
    settings.OUTBOX_DELIVERY_BACKEND = f"{__name__}._Refusing"
    message = outbox.message_queue(recipient="a@x.example", subject="S", body="B", deliver=False)
    now = timezone.now()
    waits = []
    for _attempt in range(outbox.MAX_ATTEMPTS):
        outbox.outbox_deliver(now=now)
        message.refresh_from_db()
        if message.next_attempt_at is None:
            break
        waits.append(message.next_attempt_at - now)
        now = message.next_attempt_at
    assert waits[:3] == [timedelta(minutes=5), timedelta(minutes=10), timedelta(minutes=20)]
    assert message.state == "failed" and message.attempts == outbox.MAX_ATTEMPTS
    assert message.last_error == "OSError: 550 mailbox unavailable"
    assert outbox.outbox_deliver(now=now + timedelta(days=30)) == (0, 0)

    settings.OUTBOX_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    outbox.message_resend(messages=[message])
    assert outbox.outbox_deliver() == (1, 0)
    message.refresh_from_db()
    assert message.state == "sent" and len(mailoutbox) == 1


def _failed_reminder(country=None):
    message = outbox.message_queue(
        recipient="a@x.example",
        subject="Reminder",
        body="Please answer.",
        kind=OutboxMessage.Kind.REMINDER,
        country=country,
        deliver=False,
    )
    OutboxMessage.objects.filter(pk=message.pk).update(
        state="failed", attempts=8, last_error="refused", next_attempt_at=None
    )
    return message


def test_secretariat_resends_from_the_admin(
    client, secretariat, mailoutbox, django_capture_on_commit_callbacks
):
    message = _failed_reminder()
    client.force_login(secretariat)
    with django_capture_on_commit_callbacks(execute=True):
        page = client.post(
            reverse("admin:workplan_outboxmessage_changelist"),
            {"action": "resend", "_selected_action": [message.pk]},
            follow=True,
        )
    assert "1 message queued again" in page.content.decode()
    message.refresh_from_db()
    assert message.state == "sent" and mailoutbox[0].subject == "Reminder"


def test_outbox_admin_filters_by_round_kind_and_state_in_bounded_queries(
    client, secretariat, kenya, django_assert_max_num_queries
):
    from needs.models import AssessmentRound
    from workplan.models import WorkPlan

    workplan = WorkPlan.objects.create(slug="w", title="W", start_year=2027, end_year=2029)
    day = timezone.localdate()
    rounds = [
        AssessmentRound.objects.create(
            workplan=workplan, title=f"Round {n}", opens_on=day, closes_on=day
        )
        for n in (1, 2)
    ]
    for index in range(30):
        outbox.message_queue(
            recipient=f"p{index}@x.example",
            subject="Reminder",
            body="B",
            kind=OutboxMessage.Kind.REMINDER,
            about=rounds[index % 2],
            country=kenya,
            deliver=False,
        )
    _failed_reminder(kenya)
    client.force_login(secretariat)
    url = reverse("admin:workplan_outboxmessage_changelist")
    # session, user, permissions, the rounds for the filter, count, filtered count, the page
    # with its countries (joined), content types, savepoints
    with django_assert_max_num_queries(14):
        page = client.get(url, {"round": rounds[0].pk, "kind__exact": "reminder"})
    assert page.status_code == 200
    assert page.context["cl"].result_count == 15
    failed = client.get(url, {"state__exact": "failed"})
    assert failed.context["cl"].result_count == 1
    assert "Round 2" in client.get(url).content.decode()


def test_secretariat_reads_a_message_and_its_error_but_cannot_edit_it(client, secretariat):
    message = _failed_reminder()
    client.force_login(secretariat)
    url = reverse("admin:workplan_outboxmessage_change", args=[message.pk])
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "refused" in html and "Please answer." in html
    client.post(url, {"subject": "Changed"})
    message.refresh_from_db()
    assert message.subject == "Reminder"
