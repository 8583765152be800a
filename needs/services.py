"""Writes for the needs assessment and the training programmes. Views and admin call these.

A country has one response per round (a database constraint); every write locks that row with
``select_for_update`` so two focal points, two tabs or a retried POST cannot interleave.
"""

from collections import Counter

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from needs import notices
from needs.models import (
    CountryResponse,
    Notice,
    Scope,
    TrainingNeed,
    TrainingProgramme,
)
from workplan import submissions
from workplan.submissions import UNCHECKED

ANSWER_FIELDS = ("existing_capacities", "ongoing_initiatives", "constraints_and_gaps")
NEED_FIELDS = (
    "topic",
    "priority",
    "urgency",
    "scope",
    "training_type",
    "target_group",
    "language",
    "expected_trainees",
    "note",
)
Status = CountryResponse.Status


def _when(moment):
    """A moment in the reader's language and the site's time zone, for messages."""
    return date_format(timezone.localtime(moment), "DATETIME_FORMAT")


def round_closed_message(assessment_round):
    return _("The round “%(round)s” closed on %(date)s: responses can no longer be changed.") % {
        "round": assessment_round.title,
        "date": date_format(assessment_round.closes_on),
    }


def response_lock_reason(response, assessment_round):
    """Why the NFP cannot change this response now, or "" if they can."""
    if not assessment_round.is_open:
        if assessment_round.has_closed:
            return round_closed_message(assessment_round)
        return _("The round opens on %(date)s.") % {"date": date_format(assessment_round.opens_on)}
    if response is None:
        return ""
    if response.status == Status.SUBMITTED:
        return _(
            "Submitted on %(when)s by %(who)s: it is read-only while the Secretariat reviews it."
        ) % {
            "when": _when(response.submitted_at),
            "who": response.submitted_by or _("unknown"),
        }
    if response.status == Status.ACCEPTED:
        return _("Accepted by the Secretariat: the response is final.")
    return ""


def response_locked(*, assessment_round, country):
    """The country's response for the round, created if missing, locked for this transaction.
    Every write to a response or its documents starts here."""
    return submissions.lock_or_create(
        CountryResponse.objects.select_related("round", "country"),
        round=assessment_round,
        country=country,
    )


def response_ensure_editable(response):
    """Refuse (``ValidationError`` code "locked") a change the NFP may not make now."""
    reason = response_lock_reason(response, response.round)
    if reason:
        raise ValidationError(reason, code="locked")


# The lookup foreign keys of a need: a form hands them over as objects it has just read.
NEED_LOOKUPS = ("topic", "training_type", "target_group", "language")


def _needs_replace(response, needs, deleted_needs=(), *, user=None):
    """Save ``needs`` (dicts; an ``id`` updates that row, none adds one) and delete the rows
    whose ids are in ``deleted_needs``. A stored row in neither is kept: only a row the user
    marked for deletion is deleted, never one a form simply did not know about.

    The rows are written in bulk (with their history), so a response of ten needs costs the
    queries of one. Each row is validated first, its fields and constraints as always, but a
    lookup given as an object is not looked up again (it was read to be given; the database
    still refuses a missing one)."""
    existing = {need.pk: need for need in response.needs.all()}
    deleted = {pk for pk in deleted_needs if pk in existing}
    created, updated = [], []
    for spec in needs:
        if spec.get("id") in deleted:
            continue
        need = existing.get(spec.get("id")) or TrainingNeed(response=response)
        for name in NEED_FIELDS:
            if name in spec:
                setattr(need, name, spec[name])
        checked = [name for name in NEED_LOOKUPS if isinstance(spec.get(name), models.Model)]
        need.full_clean(exclude=["response", *checked])
        (updated if need.pk else created).append(need)
    if created:
        bulk_create_with_history(created, TrainingNeed, default_user=user)
    if updated:
        bulk_update_with_history(updated, TrainingNeed, list(NEED_FIELDS), default_user=user)
    for pk in deleted:
        existing[pk].delete()


def _check_version(response, version):
    """Refuse a form rendered before the response's last save (another tab, another focal
    point, a Secretariat edit in the admin), or one that sent no version."""
    submissions.check_version(
        response.version,
        version,
        message=lambda: (
            _(
                "Someone saved this response since you opened it (at %(when)s by %(who)s); your "
                "changes were not saved. Reload the page to see the current version and make your "
                "changes again."
            )
            % {
                "when": _when(response.updated_at),
                "who": response.updated_by or _("unknown"),
            }
        ),
    )


def _need_signature(values):
    """A need's content, comparable whether it comes from a form (objects) or the database."""
    return tuple(getattr(values[name], "pk", values[name]) for name in NEED_FIELDS)


def _same_content(response, answers, needs):
    """True when a retried submit carries what the stored response already holds."""
    for name in ANSWER_FIELDS:
        if (
            answers is not None
            and name in answers
            and (answers[name] or "") != getattr(response, name)
        ):
            return False
    if needs is None:
        return True
    stored = Counter(
        _need_signature({name: need.serializable_value(name) for name in NEED_FIELDS})
        for need in response.needs.all()
    )
    sent = Counter(
        _need_signature(
            {name: spec.get(name, "" if name == "note" else None) for name in NEED_FIELDS}
        )
        for spec in needs
    )
    return stored == sent


def _apply(response, *, user, answers, needs, deleted_needs):
    if answers is not None:
        for name in ANSWER_FIELDS:
            if name in answers:
                setattr(response, name, answers[name] or "")
    response.updated_by = user
    response.version += 1
    response.full_clean()
    response.save()
    if needs is not None or deleted_needs:
        _needs_replace(response, needs or [], deleted_needs, user=user)


@transaction.atomic
def response_save_draft(
    *,
    assessment_round,
    country,
    user,
    answers=None,
    needs=None,
    deleted_needs=(),
    version=UNCHECKED,
):
    """Save the country's answers as a draft, any number of times while the round is open.

    ``version`` is the response's version when the form was rendered: if it was saved since,
    or the form sent none (None), nothing is saved (``SubmissionConflict``); a call from no
    form leaves it out. ``deleted_needs`` are the ids of the needs to delete."""
    response = response_locked(assessment_round=assessment_round, country=country)
    response_ensure_editable(response)
    _check_version(response, version)
    if response.status != Status.RETURNED:
        response.status = Status.DRAFT
    _apply(response, user=user, answers=answers, needs=needs, deleted_needs=deleted_needs)
    return response


@transaction.atomic
def response_submit(
    *,
    assessment_round,
    country,
    user,
    submission_key=None,
    answers=None,
    needs=None,
    deleted_needs=(),
    version=UNCHECKED,
):
    """Submit the country's response once. Idempotent: a second click, or a retried POST with
    the same ``submission_key``, returns the response already submitted and changes nothing.
    ``version`` and ``deleted_needs`` as in ``response_save_draft`` (a retry is recognised
    before the version is compared)."""
    response = response_locked(assessment_round=assessment_round, country=country)
    if response.is_final:
        if submissions.is_replay(response.submission_key, submission_key):
            return submissions.replay(
                response,
                same=_same_content(response, answers, needs),
                message=lambda: (
                    _(
                        "This form was already submitted with other answers; the response "
                        "submitted on %(when)s is kept unchanged. Reload the page to see it."
                    )
                    % {"when": _when(response.submitted_at)}
                ),
            )
        raise ValidationError(
            _("This response was already submitted on %(when)s by %(who)s.")
            % {
                "when": _when(response.submitted_at),
                "who": response.submitted_by or _("unknown"),
            },
            code="already_submitted",
        )
    response_ensure_editable(response)
    _check_version(response, version)
    _apply(response, user=user, answers=answers, needs=needs, deleted_needs=deleted_needs)
    if not response.needs.exists():
        raise ValidationError(
            _("Add at least one training need before submitting."), code="no_needs"
        )
    response.status = Status.SUBMITTED
    response.submitted_at = timezone.now()
    response.submitted_by = user
    response.submission_key = submission_key
    response.reopen_reason = ""
    response.reopen_requested_at = None
    response.reopen_requested_by = None
    response.full_clean()
    response.save()
    return response


def _locked(response):
    return CountryResponse.objects.select_for_update().select_related("round").get(pk=response.pk)


def _reason_given(reason, missing):
    """The reason stripped; a ValidationError on the reason field saying `missing` if blank."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": missing})
    return reason


@transaction.atomic
def response_return(*, response, user, reason):
    """The Secretariat sends a submitted response back to the NFP for changes, saying why."""
    response = _locked(response)
    reason = _reason_given(reason, _("Say why the response is returned."))
    if not response.is_final:
        raise ValidationError(_("Only a submitted or accepted response can be returned."))
    if not response.round.is_open:
        raise ValidationError(
            _("The round is closed: extend its closing date before returning a response.")
        )
    granted = response.reopen_requested_at is not None
    response.status = Status.RETURNED
    response.return_reason = reason
    response.returned_at = timezone.now()
    response.returned_by = user
    response.submission_key = None
    response.reopen_requested_at = None
    response.updated_by = user
    response.version += 1
    response.full_clean()
    response.save()
    notices.notice_record(
        response=response,
        kind=Notice.Kind.REOPEN_GRANTED if granted else Notice.Kind.RETURNED,
        user=user,
        reason=reason,
    )
    return response


@transaction.atomic
def response_accept(*, response, user):
    """The Secretariat accepts a submitted response as final."""
    response = _locked(response)
    if response.status == Status.ACCEPTED:
        return response
    if response.status != Status.SUBMITTED:
        raise ValidationError(_("Only a submitted response can be accepted."))
    response.status = Status.ACCEPTED
    response.updated_by = user
    response.version += 1
    response.save()
    notices.notice_record(response=response, kind=Notice.Kind.ACCEPTED, user=user)
    return response


@transaction.atomic
def response_request_reopen(*, response, user, reason):
    """An NFP asks the Secretariat to reopen a submitted response, saying why."""
    response = _locked(response)
    reason = _reason_given(reason, _("Say why the response should be reopened."))
    if not response.is_final:
        raise ValidationError(_("Only a submitted response can be reopened."))
    if not response.round.is_open:
        raise ValidationError(round_closed_message(response.round))
    response.reopen_reason = reason
    response.reopen_requested_at = timezone.now()
    response.reopen_requested_by = user
    response.version += 1
    response.save()
    notices.reopen_requested_notify(response=response, user=user)
    return response


@transaction.atomic
def response_admin_save(*, response, user):
    """A Secretariat edit of a response in the admin (``response`` carries the edited fields).

    The version moves on like at every other save, so a focal point's tab opened before the
    edit is refused as stale instead of overwriting it."""
    if response.pk is not None:
        stored = CountryResponse.objects.select_for_update().only("version").get(pk=response.pk)
        response.version = stored.version + 1
    response.updated_by = user
    response.full_clean()
    response.save()
    return response


@transaction.atomic
def programme_create_from_needs(*, needs, user=None, title=""):
    """Create a training programme (1.2-1.3) from selected needs of submitted responses.

    Scope follows the needs: one country asking for national training gives a national
    programme for it; otherwise a regional one, for the CMS region if they share one.
    """
    needs = list(
        TrainingNeed.objects.filter(pk__in=[n.pk for n in needs]).select_related(
            "response__country", "response__round", "topic", "target_group"
        )
    )
    if not needs:
        raise ValidationError(_("Select at least one training need."))
    drafts = [n for n in needs if not n.response.is_final]
    if drafts:
        raise ValidationError(
            _("Only needs from submitted or accepted responses can make a programme.")
        )
    workplans = {n.response.round.workplan_id for n in needs}
    if len(workplans) > 1:
        raise ValidationError(_("The selected needs belong to different work plans."))
    countries = {n.response.country for n in needs}
    if len(countries) == 1 and all(n.scope == Scope.NATIONAL for n in needs):
        scope, country, region = Scope.NATIONAL, countries.pop(), ""
    else:
        regions = {c.region for c in countries}
        widest = Scope.SUBREGIONAL if any(n.scope == Scope.SUBREGIONAL for n in needs) else None
        scope = Scope.REGIONAL if widest is None or len(regions) > 1 else widest
        country, region = None, regions.pop() if len(regions) == 1 else ""
    topics = Counter(n.topic.name for n in needs)
    target_group = Counter(n.target_group for n in needs).most_common(1)[0][0]
    programme = TrainingProgramme(
        title=title or _("Training: %(topic)s") % {"topic": topics.most_common(1)[0][0]},
        workplan_id=workplans.pop(),
        scope=scope,
        country=country,
        region=region,
        target_group=target_group,
    )
    programme.full_clean()
    programme.save()
    programme.needs.set(needs)
    return programme
