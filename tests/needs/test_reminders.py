"""Reminders: the schedule, the hourly command, a mail server that is down, the language."""

import socket
from datetime import date, datetime, timedelta

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from needs import reminders
from needs.models import AssessmentRound, CountryResponse
from workplan import outbox, roles
from workplan.i18n import preferred_language_set
from workplan.models import Country, FocalPoint, OutboxMessage, Region

CLOSES = date(2027, 1, 28)


def at(day, hour=9):
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour))


def _focal_point(django_user_model, username, country, *, email, is_main=True, language=""):
    user = django_user_model.objects.create_user(username=username, email=email)
    user.groups.add(Group.objects.get(name=roles.NFP))
    FocalPoint.objects.create(user=user, country=country, is_main=is_main)
    if language:
        preferred_language_set(user=user, language=language)
    return user


@pytest.fixture
def parties(db, django_user_model, kenya, peru):
    """Kenya: a French-reading focal point and a Spanish-reading alternate, not submitted.
    Peru: submitted. Chad: a focal point without an address. Mali: no focal point at all."""
    chad = Country.objects.create(iso2="TD", name="Chad", region=Region.AFRICA, is_party=True)
    mali = Country.objects.create(iso2="ML", name="Mali", region=Region.AFRICA, is_party=True)
    _focal_point(django_user_model, "amina", kenya, email="amina@ke.example", language="fr")
    _focal_point(
        django_user_model, "juan", kenya, email="juan@ke.example", is_main=False, language="es"
    )
    _focal_point(django_user_model, "rosa", peru, email="rosa@pe.example")
    _focal_point(django_user_model, "idriss", chad, email="")
    return {"kenya": kenya, "peru": peru, "chad": chad, "mali": mali}


@pytest.fixture
def round_2027(workplan, parties):
    assessment_round = AssessmentRound.objects.create(
        workplan=workplan,
        title="Needs 2027",
        opens_on=CLOSES - timedelta(days=40),
        closes_on=CLOSES,
    )
    CountryResponse.objects.create(
        round=assessment_round,
        country=parties["peru"],
        status="submitted",
        submitted_at=timezone.now(),
    )
    return assessment_round


def _queued_at(day):
    return sorted(m.recipient for m in reminders.reminders_queue_due(now=at(day)))


def test_schedule_queues_exactly_the_reminders_due_at_each_time(round_2027):
    kenya = ["amina@ke.example", "juan@ke.example"]
    assert _queued_at(CLOSES - timedelta(days=15)) == []
    assert _queued_at(CLOSES - timedelta(days=14)) == kenya
    # The day after a step is still its window, but nobody gets it twice.
    assert _queued_at(CLOSES - timedelta(days=13)) == []
    assert _queued_at(CLOSES - timedelta(days=10)) == []
    assert _queued_at(CLOSES - timedelta(days=7)) == kenya
    assert _queued_at(CLOSES - timedelta(days=1)) == kenya
    assert _queued_at(CLOSES) == []
    assert _queued_at(CLOSES + timedelta(days=3)) == kenya
    assert _queued_at(CLOSES + timedelta(days=6)) == []
    assert OutboxMessage.objects.filter(kind="reminder").count() == 8
    assert not OutboxMessage.objects.filter(recipient="rosa@pe.example").exists()


def test_schedule_is_editable_per_round(round_2027):
    round_2027.remind_days_before = "10"
    round_2027.remind_days_after = ""
    round_2027.full_clean()
    round_2027.save()
    assert _queued_at(CLOSES - timedelta(days=14)) == []
    assert len(_queued_at(CLOSES - timedelta(days=10))) == 2
    assert _queued_at(CLOSES + timedelta(days=3)) == []


def test_a_schedule_that_is_not_a_list_of_days_is_refused(round_2027):
    from django.core.exceptions import ValidationError

    round_2027.remind_days_before = "two weeks"
    with pytest.raises(ValidationError) as error:
        round_2027.full_clean()
    assert "remind_days_before" in error.value.message_dict


def test_reminder_is_in_the_recipients_language_with_the_date_written_in_it(round_2027, mailoutbox):
    reminders.reminders_queue_due(now=at(CLOSES - timedelta(days=7)))
    outbox.outbox_deliver(now=at(CLOSES - timedelta(days=7)))
    by_recipient = {mail.to[0]: mail for mail in mailoutbox}
    french, spanish = by_recipient["amina@ke.example"], by_recipient["juan@ke.example"]
    assert "28 janvier 2027" in french.subject and "28 janvier 2027" in french.body
    assert "Kenya" in french.body and "Rappel" in french.subject
    assert "28 de enero de 2027" in spanish.body
    link = f"/needs/rounds/{round_2027.pk}/response/"
    assert link in french.body and link in spanish.body
    assert "2027-01-28" not in french.body
    assert set(OutboxMessage.objects.values_list("language", flat=True)) == {"fr", "es"}


def test_send_due_reminders_twice_sends_each_reminder_once(workplan, parties, mailoutbox):
    today = timezone.localdate()
    AssessmentRound.objects.create(
        workplan=workplan,
        title="Due today",
        opens_on=today - timedelta(days=20),
        closes_on=today + timedelta(days=7),
    )
    call_command("send_due_reminders")
    call_command("send_due_reminders")
    # Peru has not answered this round: its focal point is reminded too.
    assert sorted(m.to[0] for m in mailoutbox) == [
        "amina@ke.example",
        "juan@ke.example",
        "rosa@pe.example",
    ]
    assert set(OutboxMessage.objects.values_list("state", flat=True)) == {"sent"}


def test_dry_run_queues_nothing(workplan, parties, mailoutbox):
    today = timezone.localdate()
    AssessmentRound.objects.create(
        workplan=workplan, title="Due", opens_on=today, closes_on=today + timedelta(days=1)
    )
    call_command("send_due_reminders", "--dry-run")
    assert not OutboxMessage.objects.exists() and mailoutbox == []


@pytest.fixture
def mail_server_down(settings):
    """Real SMTP to a local port where nothing listens: every connection is refused."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.OUTBOX_DELIVERY_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_TIMEOUT = 5
    return settings


def test_failing_mail_server_leaves_rows_failed_and_a_later_run_sends_them(
    round_2027, mail_server_down, mailoutbox
):
    now = at(CLOSES - timedelta(days=1))
    reminders.reminders_queue_due(now=now)
    assert outbox.outbox_deliver(now=now) == (0, 2)
    failed = list(OutboxMessage.objects.all())
    assert {m.state for m in failed} == {"failed"}
    assert all("refused" in m.last_error.lower() for m in failed)
    assert all(m.attempts == 1 and m.next_attempt_at > now for m in failed)
    # Too early for a retry: nothing is attempted.
    assert outbox.outbox_deliver(now=now + timedelta(minutes=1)) == (0, 0)

    mail_server_down.OUTBOX_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    later = now + timedelta(hours=1)
    assert outbox.outbox_deliver(now=later) == (2, 0)
    assert sorted(m.to[0] for m in mailoutbox) == ["amina@ke.example", "juan@ke.example"]
    assert {(m.state, m.attempts) for m in OutboxMessage.objects.all()} == {("sent", 2)}
    # Sent once: a further run sends nothing again.
    assert outbox.outbox_deliver(now=later + timedelta(days=1)) == (0, 0)
    assert len(mailoutbox) == 2


def test_remind_now_never_returns_500_when_the_mail_server_is_down(
    client,
    secretariat,
    open_round,
    parties,
    mail_server_down,
    django_capture_on_commit_callbacks,
):
    client.force_login(secretariat)
    url = reverse("needs:round-remind", kwargs={"pk": open_round.pk})
    with django_capture_on_commit_callbacks(execute=True):
        page = client.post(url, follow=True)
    assert page.status_code == 200
    text = page.content.decode()
    assert "3 reminders queued for 3 focal point(s) of 2 Parties: Kenya, Peru" in text
    rows = OutboxMessage.objects.filter(kind="reminder")
    assert rows.count() == 3
    assert {m.state for m in rows} == {"failed"}
    assert all("refused" in m.last_error.lower() for m in rows)


def test_remind_now_twice_the_same_day_sends_once(
    client, secretariat, open_round, parties, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(secretariat)
    url = reverse("needs:round-remind", kwargs={"pk": open_round.pk})
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url)
        second = client.post(url, follow=True)
    assert len(mailoutbox) == 3
    assert "already reminded today" in second.content.decode()


def test_status_page_lists_parties_no_reminder_can_reach(client, secretariat, round_2027):
    client.force_login(secretariat)
    page = client.get(reverse("needs:round-status", kwargs={"pk": round_2027.pk}))
    html = page.content.decode()
    unreachable = {c.iso2 for c in page.context["unreachable"]}
    assert unreachable == {"TD", "ML"}
    assert 'data-unreachable="TD"' in html and 'data-unreachable="ML"' in html
    assert 'data-unreachable="KE"' not in html
    # The schedule, dates written out: 14, 7 and 1 days before, 3 after.
    for day in ("Jan. 14, 2027", "Jan. 21, 2027", "Jan. 27, 2027", "Jan. 31, 2027"):
        assert day in html
