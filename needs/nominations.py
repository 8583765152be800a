"""Writes for the training calendar: nominations, the Secretariat's decision, erasure.

Every nomination write locks the training's row (``select_for_update``), so two focal points of
one country nominating at once cannot both take the last seat.
"""

from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from needs.models import Nomination, TraineeGender, TrainingEvent
from workplan import outbox, roles
from workplan.access import require_country


class NominationRefused(ValidationError):
    """A nomination or decision that the rules refuse; nothing was changed."""


def nomination_closed_reason(event, country, *, today=None):
    """Why ``country`` cannot nominate for ``event`` now, or "" when it can (seats aside)."""
    today = today or timezone.localdate()
    if not event.seats_per_party or event.nomination_deadline is None:
        return _("This training takes no nominations.")
    if today > event.nomination_deadline:
        return _("Nominations for this training closed on %(date)s.") % {
            "date": formats.date_format(event.nomination_deadline)
        }
    invited = list(event.participating_countries.all())
    if invited:
        if country not in invited:
            return _("This training is for other Parties: %(country)s cannot nominate.") % {
                "country": country.name
            }
    elif event.region and country.region != event.region:
        return _("This training is for the Parties of %(region)s.") % {
            "region": event.get_region_display()
        }
    elif not event.region and event.country_id and event.country_id != country.pk:
        return _("This national training is for %(country)s.") % {"country": event.country.name}
    return ""


def seats_left(event, country):
    taken = Nomination.objects.filter(event=event, country=country).holding_seats().count()
    return max((event.seats_per_party or 0) - taken, 0)


def _seats_refusal(event, country):
    return _(
        "%(country)s has used its %(seats)s seats for this training: a declined "
        "nomination frees a seat."
    ) % {"country": country.name, "seats": event.seats_per_party}


@transaction.atomic
def nomination_create(*, event, user, name, email, gender, function="", institution="", today=None):
    """A focal point nominates a trainee of their own country, within the seats and deadline.

    The country is the focal point's (from FocalPoint), never one given by the form.
    """
    country = require_country(user)
    event = TrainingEvent.objects.select_for_update().get(pk=event.pk)
    reason = nomination_closed_reason(event, country, today=today)
    if reason:
        raise NominationRefused(reason, code="closed")
    if seats_left(event, country) < 1:
        raise NominationRefused(_seats_refusal(event, country), code="seats")
    email = (email or "").strip().lower()
    if Nomination.objects.filter(event=event, email=email).exists():
        raise NominationRefused(
            _("%(email)s is already nominated for this training.") % {"email": email},
            code="duplicate",
        )
    nomination = Nomination(
        event=event,
        country=country,
        name=(name or "").strip(),
        email=email,
        function=(function or "").strip(),
        institution=(institution or "").strip(),
        gender=gender,
        nominated_by=user,
    )
    if not nomination.name or not nomination.email:
        raise ValidationError(
            {"name": _("Give the trainee's name and e-mail.")}
            if not nomination.name
            else {"email": _("Give the trainee's name and e-mail.")}
        )
    nomination.full_clean()
    nomination.save()
    return nomination


def event_sync_trainee_counts(event):
    """Trainees by gender from the confirmed nominations, once a training has any.

    Trainings held before nominations existed keep the counts entered by hand in the admin.
    Every figure (dashboard, indicators, IATI, exports) reads these counts.
    """
    nominations = Nomination.objects.filter(event=event)
    if not nominations.exists():
        return event
    counts = nominations.aggregate(
        **{
            value: Count("pk", filter=Q(status=Nomination.Status.CONFIRMED, gender=value))
            for value in TraineeGender.values
        }
    )
    event.trainees_women = counts[TraineeGender.WOMAN]
    event.trainees_men = counts[TraineeGender.MAN]
    event.trainees_other = counts[TraineeGender.OTHER]
    event.save(update_fields=["trainees_women", "trainees_men", "trainees_other"])
    return event


@transaction.atomic
def nomination_decide(*, nomination, user, confirm):
    """The Secretariat confirms or declines a nomination; the training's counts follow."""
    if not roles.is_secretariat(user):
        raise NominationRefused(_("Only the Secretariat decides on nominations."))
    nomination = Nomination.objects.select_for_update().get(pk=nomination.pk)
    if nomination.is_erased:
        raise NominationRefused(_("This trainee's identity was erased: the decision stays."))
    if confirm and nomination.status == Nomination.Status.DECLINED:
        # A declined nomination gave its seat back; taking it again needs a free seat.
        event = TrainingEvent.objects.select_for_update().get(pk=nomination.event_id)
        if seats_left(event, nomination.country) < 1:
            raise NominationRefused(_seats_refusal(event, nomination.country), code="seats")
    nomination.status = Nomination.Status.CONFIRMED if confirm else Nomination.Status.DECLINED
    nomination.decided_by = user
    nomination.decided_at = timezone.now()
    nomination.full_clean()
    nomination.save()
    event_sync_trainee_counts(nomination.event)
    return nomination


@transaction.atomic
def nomination_erase(*, nomination, user):
    """Erase a trainee on request: name, e-mail, function and institution go.

    Kept: the country, gender and decision (every count stays right) and the answers given
    through invitation links, which become anonymous. The admin's log keeps no name (a
    nomination's text never holds one), and is rewritten to say the identity was erased.
    """
    if not roles.is_secretariat(user):
        raise NominationRefused(_("Only the Secretariat erases personal data."))
    nomination = Nomination.objects.select_for_update().get(pk=nomination.pk)
    if nomination.is_erased:
        return nomination
    # The invitation e-mails in the outbox carry the name and the address too.
    outbox.messages_redact(recipient=nomination.email)
    nomination.name = ""
    nomination.email = ""
    nomination.function = ""
    nomination.institution = ""
    nomination.erased_at = timezone.now()
    nomination.save()
    LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Nomination),
        object_id=str(nomination.pk),
    ).update(object_repr=str(nomination), change_message="")
    return nomination
