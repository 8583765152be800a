"""Writes for the handbook. Views, admin actions and tests all call these."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from handbook.models import (
    HANDBOOK_BUDGET_TEXT,
    Suggestion,
    ToTWorkshop,
    partner_of,
)
from workplan import roles, submissions
from workplan.access import country_of
from workplan.services import budget_parse


def edition_budget_defaults():
    """The 2.3 estimate as numbers and words, for a new edition."""
    budget = budget_parse(HANDBOOK_BUDGET_TEXT)
    return {
        "budget_min": budget.minimum,
        "budget_max": budget.maximum,
        "budget_text": HANDBOOK_BUDGET_TEXT,
    }


def suggestion_create(*, proposer, plan, theme, text, target_chapter=None, submission_key=None):
    """Store an NFP's or partner's suggestion once, however often the POST is retried.

    The country comes from the proposer's focal point and the organisation from their partner
    record, never from the form. A ``submission_key`` already stored for the proposer returns
    that suggestion (same content) or raises ``SubmissionConflict`` (other content). Returns
    ``(suggestion, created)``.
    """
    country = country_of(proposer)
    partner = None if country else partner_of(proposer)
    if country is None and partner is None:
        raise PermissionDenied("Only a National Focal Point or an invited partner may suggest.")
    sent = {"theme": theme, "text": text, "target_chapter": target_chapter}

    def stored():  # the model keeps the key under its historical name, idempotency_key
        return Suggestion.objects.filter(proposer=proposer, idempotency_key=submission_key).first()

    if submission_key is not None and (existing := stored()) is not None:
        return _replayed(existing, **sent), False
    suggestion = Suggestion(
        plan=plan,
        theme=theme.strip(),
        text=text.strip(),
        target_chapter=target_chapter,
        proposer=proposer,
        country=country,
        organisation=partner.organisation if partner else "",
    )
    if submission_key is not None:
        suggestion.idempotency_key = submission_key
    if target_chapter is not None and target_chapter.edition.plan_id != plan.pk:
        raise ValidationError({"target_chapter": _("This chapter belongs to another handbook.")})
    # The key's constraint is left to the database (below): checked here, a twin POST
    # committing in between would turn into a form error instead of a replay.
    suggestion.full_clean(validate_constraints=False)
    suggestion, created = submissions.save_once(suggestion, find=stored)
    return (suggestion, True) if created else (_replayed(suggestion, **sent), False)


def _replayed(existing, *, theme, text, target_chapter):
    """A retried POST of the same form: the stored suggestion, unless the content differs."""
    chapter_id = target_chapter.pk if target_chapter is not None else None
    return submissions.replay(
        existing,
        same=(existing.theme, existing.text, existing.target_chapter_id)
        == (theme.strip(), text.strip(), chapter_id),
        message=lambda: (
            _(
                "This form was already sent on %(when)s with other content; suggestion "
                "#%(number)s is kept as it was. Open a new form to send another suggestion."
            )
            % {
                "when": date_format(timezone.localtime(existing.created_at), "DATETIME_FORMAT"),
                "number": existing.pk,
            }
        ),
    )


TRIAGE_OUTCOMES = (
    Suggestion.Status.ACCEPTED,
    Suggestion.Status.MERGED,
    Suggestion.Status.DECLINED,
)


@transaction.atomic
def suggestion_triage(*, suggestion, by, outcome, chapter=None, merged_into=None, reason=""):
    """The Secretariat's decision on a suggestion: accept into a chapter, merge, or decline.

    Merging and declining need a reason the proposer will read. A suggestion already triaged
    may be triaged again (the history keeps every decision).
    """
    if not roles.is_secretariat(by):
        raise PermissionDenied("Only the Secretariat triages suggestions.")
    suggestion = Suggestion.objects.select_for_update().get(pk=suggestion.pk)
    reason = (reason or "").strip()
    errors = {}
    if outcome not in TRIAGE_OUTCOMES:
        errors["status"] = _("Choose accept, merge or decline.")
    elif outcome == Suggestion.Status.ACCEPTED:
        if chapter is None:
            errors["accepted_chapter"] = _("Choose the chapter the suggestion goes into.")
        elif chapter.edition.plan_id != suggestion.plan_id:
            errors["accepted_chapter"] = _("This chapter belongs to another handbook.")
    elif outcome == Suggestion.Status.MERGED:
        if merged_into is None:
            errors["merged_into"] = _("Choose the suggestion it is merged with.")
        elif merged_into.pk == suggestion.pk:
            errors["merged_into"] = _("A suggestion cannot be merged with itself.")
        elif merged_into.plan_id != suggestion.plan_id:
            errors["merged_into"] = _("That suggestion is for another handbook.")
    if outcome in (Suggestion.Status.MERGED, Suggestion.Status.DECLINED) and not reason:
        errors["triage_reason"] = _("Give the proposer a reason.")
    if errors:
        raise ValidationError(errors)

    suggestion.status = outcome
    suggestion.accepted_chapter = chapter if outcome == Suggestion.Status.ACCEPTED else None
    suggestion.merged_into = merged_into if outcome == Suggestion.Status.MERGED else None
    suggestion.triage_reason = reason
    suggestion.triaged_by = by
    suggestion.triaged_at = timezone.now()
    suggestion.full_clean()
    suggestion._change_reason = f"triage: {outcome}"
    suggestion.save()
    return suggestion


@transaction.atomic
def tot_workshop_link(*, event, edition, target_group=None, focus=""):
    """Record that a training of trainers (a strand 1 event of kind "tot") teaches an edition."""
    workshop = ToTWorkshop.objects.filter(event=event).first() or ToTWorkshop(event=event)
    workshop.edition = edition
    workshop.target_group = target_group
    workshop.focus = focus
    workshop.full_clean()
    workshop.save()
    return workshop
