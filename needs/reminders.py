"""Reminders to the focal points of Parties that have not submitted a round's response.

Each round has a schedule (``AssessmentRound.reminder_steps``: by default 14, 7 and 1 days
before it closes and 3 after). ``reminders_queue_due`` puts in the outbox what is due at a
given time; each (round, step, person) is queued at most once, so the hourly command can run
any number of times. ``round_remind_now`` is the Secretariat's button: the same messages, at
most once a day per person. Every message is in the recipient's language, dates included.
"""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from needs.models import AssessmentRound, CountryResponse
from workplan import outbox
from workplan.i18n import preferred_language
from workplan.models import Country, FocalPoint, OutboxMessage

# A step is due on its day and the day after: a missed hourly run, or a focal point added the
# next morning, is still reminded, and never twice.
STEP_WINDOW = timedelta(days=1)


def reachable_focal_points():
    """Focal points (main and alternates) an e-mail can reach: an active login with an address."""
    return FocalPoint.objects.filter(user__is_active=True).exclude(user__email="")


def reminder_recipients(assessment_round):
    """Every reachable focal point and alternate of the Parties that have not submitted."""
    done = CountryResponse.objects.filter(round=assessment_round).final().values("country")
    return (
        reachable_focal_points()
        .filter(country__is_party=True)
        .exclude(country__in=done)
        .select_related("user__profile", "country")
        .order_by("country__name", "-is_main", "user__username")
    )


def parties_without_reachable_focal_point(assessment_round):
    """Parties still to submit that no reminder can reach (no focal point, or no address)."""
    done = CountryResponse.objects.filter(round=assessment_round).final().values("country")
    reachable = reachable_focal_points().filter(country=OuterRef("pk"))
    return (
        Country.objects.parties()
        .exclude(pk__in=done)
        .annotate(reachable=Exists(reachable))
        .filter(reachable=False)
        .order_by("name")
    )


def due_step(assessment_round, today):
    """The schedule step (offset, day) due on ``today``, or None."""
    due = [
        (offset, day)
        for offset, day in assessment_round.reminder_steps()
        if day <= today <= day + STEP_WINDOW
    ]
    return due[-1] if due else None


def rounds_with_due_step(*, now=None):
    """(round, offset, day) for every round with a reminder due at ``now``."""
    today = timezone.localdate(now or timezone.now())
    candidates = AssessmentRound.objects.filter(
        opens_on__lte=today, closes_on__gte=today - timedelta(days=366)
    )
    found = []
    for assessment_round in candidates:
        step = due_step(assessment_round, today)
        if step is not None:
            found.append((assessment_round, *step))
    return found


def _date(day):
    return formats.date_format(day, "DATE_FORMAT")


def reminder_text(*, focal_point, assessment_round, link, today):
    """Subject and body for one focal point, in the language active when called."""
    values = {
        "name": focal_point.user.get_full_name() or focal_point.user.username,
        "country": focal_point.country.name,
        "round": assessment_round.title,
        "date": _date(assessment_round.closes_on),
        "link": link,
    }
    if today <= assessment_round.closes_on:
        subject = _("Reminder: the CMS training needs assessment “%(round)s” closes on %(date)s")
        body = _(
            "Dear %(name)s,\n\n"
            "The CMS Secretariat has not yet received the response of %(country)s to the "
            "training needs assessment “%(round)s”. The round closes on %(date)s.\n\n"
            "Your country's response (a saved draft is kept):\n%(link)s\n\n"
            "This reminder goes to every national focal point of %(country)s.\n"
        )
    else:
        subject = _("The CMS training needs assessment “%(round)s” closed on %(date)s")
        body = _(
            "Dear %(name)s,\n\n"
            "The training needs assessment “%(round)s” closed on %(date)s and the CMS "
            "Secretariat has not received the response of %(country)s. If your country still "
            "wishes to respond, please write to the Secretariat, who can extend the round.\n\n"
            "Your country's response:\n%(link)s\n"
        )
    return subject % values, body % values


def message_queue_to(user, compose, **fields):
    """Queue one e-mail to ``user``'s address in ``user``'s language: ``compose()`` is called
    with that language active and returns the subject and the body. ``fields`` go to
    ``outbox.message_queue`` (kind, country, about...). Returns its answer. The reminders and
    the notices (needs.notices) all go through here."""
    language = preferred_language(user)
    with translation.override(language):
        subject, body = compose()
    return outbox.message_queue(
        recipient=user.email, user=user, subject=subject, body=body, language=language, **fields
    )


def _queue(assessment_round, *, base_url, now, key):
    today = timezone.localdate(now)
    base_url = (base_url or settings.SITE_URL).rstrip("/")
    link = base_url + reverse("needs:response-edit", kwargs={"round_pk": assessment_round.pk})
    queued = []
    for focal_point in reminder_recipients(assessment_round):
        message = message_queue_to(
            focal_point.user,
            lambda fp=focal_point: reminder_text(
                focal_point=fp, assessment_round=assessment_round, link=link, today=today
            ),
            country=focal_point.country,
            kind=OutboxMessage.Kind.REMINDER,
            about=assessment_round,
            dedupe_key=key(focal_point),
            deliver=False,
            now=now,
        )
        if message is not None:
            queued.append(message)
    return queued


def reminders_queue_due(*, now=None, base_url=None):
    """Queue every reminder due at ``now`` that was not queued before. Returns the new rows."""
    now = now or timezone.now()
    queued = []
    for assessment_round, offset, _day in rounds_with_due_step(now=now):
        queued += _queue(
            assessment_round,
            base_url=base_url,
            now=now,
            key=lambda fp, r=assessment_round, o=offset: f"reminder:{r.pk}:{o}:{fp.user_id}",
        )
    return queued


def round_remind_now(*, assessment_round, base_url=None, now=None):
    """The Secretariat's "remind now": queue a reminder to every reachable focal point of the
    Parties that have not submitted, at most once a day per person, and deliver after the
    commit. Returns the new rows (the people already reminded today are left out).

    A round that is not open reminds nobody: ``ValidationError`` (code "closed")."""
    if not assessment_round.is_open:
        raise ValidationError(_("The round is not open: no reminder was sent."), code="closed")
    now = now or timezone.now()
    today = timezone.localdate(now)
    queued = _queue(
        assessment_round,
        base_url=base_url,
        now=now,
        key=lambda fp: f"remind-now:{assessment_round.pk}:{today.isoformat()}:{fp.user_id}",
    )
    if queued:
        outbox.deliver_after_commit([m.pk for m in queued])
    return queued


def reminders_sent_for(assessment_round):
    """The round's reminders in the outbox, by state (for the status page)."""
    counts = dict.fromkeys(OutboxMessage.State.values, 0)
    rows = (
        OutboxMessage.objects.about(assessment_round)
        .filter(Q(kind=OutboxMessage.Kind.REMINDER))
        .values_list("state", flat=True)
    )
    for state in rows:
        counts[state] += 1
    return counts
