"""Writes for evaluation: copying questionnaires, saving and submitting responses."""

from datetime import timedelta
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from evaluation.models import Answer, KnowledgeScore, Question, Questionnaire, Response
from workplan import roles, submissions
from workplan.access import can_read_all_countries, require_country
from workplan.i18n import language_codes, translations_of
from workplan.submissions import UNCHECKED


class ResponseRefused(ValidationError):
    """The response cannot be changed: the questionnaire is closed or it was submitted.

    A stale form or a replay with other answers is the submission protocol's
    ``workplan.submissions.SubmissionConflict``, raised by the same services."""


@transaction.atomic
def questionnaire_copy(
    *,
    questionnaire,
    title=None,
    titles=None,
    opens_on=None,
    closes_on=None,
    activity=None,
    user=None,
):
    """A new questionnaire with the same questions, to start the next evaluation.

    Every language is copied (titles, introduction, questions and their options). ``title`` is
    the English title of the copy, ``titles`` a {language: title} for the others; by default
    each language's title gets a "(copy)" suffix. Dates default to the same length of window
    starting today; nothing of the responses is copied.
    """
    today = timezone.localdate()
    length = questionnaire.closes_on - questionnaire.opens_on
    opens_on = opens_on or today
    if title is None and titles is None:
        titles = {}
        for code in language_codes():
            if original := getattr(questionnaire, f"title_{code}"):
                with translation.override(code):
                    titles[code] = _("%(title)s (copy)") % {"title": original}
    else:
        titles = {**(titles or {}), **({settings.LANGUAGE_CODE: title} if title else {})}
    copy = Questionnaire(
        **translations_of(questionnaire, "introduction"),
        **{f"title_{code}": text for code, text in titles.items()},
        purpose=questionnaire.purpose,
        activity=activity or questionnaire.activity,
        training_event=questionnaire.training_event,
        handbook_edition=questionnaire.handbook_edition,
        audience=questionnaire.audience,
        opens_on=opens_on,
        closes_on=closes_on or opens_on + max(length, timedelta(0)),
        collects_knowledge_scores=questionnaire.collects_knowledge_scores,
        copied_from=questionnaire,
    )
    copy.full_clean()
    copy.save()
    # With history, like every write: the acting user comes from the request when there is one.
    bulk_create_with_history(
        [
            Question(
                **translations_of(question, "text", "help_text", "choices"),
                questionnaire=copy,
                order=question.order,
                kind=question.kind,
                required=question.required,
            )
            for question in questionnaire.questions.all()
        ],
        Question,
        default_user=user,
    )
    return copy


def _respondent_scope(questionnaire, user):
    """Who owns the response: the NFP's country for NFP questionnaires, else the user."""
    if not user.is_authenticated or can_read_all_countries(user):
        raise PermissionDenied(_("Committee members and the Secretariat read responses only."))
    if questionnaire.for_nfps:
        if not roles.is_nfp(user):
            raise PermissionDenied(_("This questionnaire is for National Focal Points."))
        return {"questionnaire": questionnaire, "country": require_country(user)}
    if roles.is_nfp(user):
        raise PermissionDenied(_("This questionnaire is for training participants."))
    return {"questionnaire": questionnaire, "respondent": user, "country": None}


def response_for(*, questionnaire, user):
    """The user's (or their country's) response to a questionnaire, or None."""
    return Response.objects.filter(**_respondent_scope(questionnaire, user)).first()


def _clean_value(question, raw):
    """Turn a submitted value into what the answer stores; None means not answered."""
    kind = question.kind
    if raw in (None, "", []):
        return None
    if kind in (Question.Kind.RATING, Question.Kind.NUMBER):
        try:
            value = Decimal(str(raw))
        except InvalidOperation:
            raise ValidationError(_("Give a number.")) from None
        if kind == Question.Kind.RATING and value not in {1, 2, 3, 4, 5}:
            raise ValidationError(_("Give a rating from 1 to 5."))
        return value
    if kind == Question.Kind.YES_NO:
        if isinstance(raw, bool):
            return raw
        if str(raw).lower() in {"yes", "true", "1"}:
            return True
        if str(raw).lower() in {"no", "false", "0"}:
            return False
        raise ValidationError(_("Answer yes or no."))
    if kind == Question.Kind.SINGLE:
        if raw not in question.choice_list:
            raise ValidationError(_("Pick one of the choices."))
        return raw
    if kind == Question.Kind.MULTIPLE:
        values = [raw] if isinstance(raw, str) else list(raw)
        if not set(values) <= set(question.choice_list):
            raise ValidationError(_("Pick among the choices."))
        return [choice for choice in question.choice_list if choice in values]
    return str(raw).strip() or None


def answers_store(response, questions, answers, *, complete, user):
    """Write ``answers`` ({question pk: raw value}) to ``response``, with history.

    Every answer is cleaned first; any error raises ``ValidationError`` keyed by ``q<pk>`` and
    nothing is written. ``complete`` makes required questions required. Used by the answer
    form's services and by evaluation by invitation."""
    errors = {}
    existing = {answer.question_id: answer for answer in response.answers.all()}
    to_create, to_update, to_delete = [], [], []
    for question in questions:
        try:
            value = _clean_value(question, answers.get(question.pk))
        except ValidationError as error:
            errors[f"q{question.pk}"] = error.messages
            continue
        if value is None and complete and question.required:
            errors[f"q{question.pk}"] = [_("This question needs an answer.")]
            continue
        if value is None:
            if question.pk in existing:
                to_delete.append(existing[question.pk].pk)
            continue
        answer = existing.get(question.pk) or Answer(response=response, question=question)
        answer.number = value if isinstance(value, Decimal) else None
        answer.yes = value if isinstance(value, bool) else None
        answer.choices = value if isinstance(value, list) else []
        answer.text = value if isinstance(value, str) else ""
        (to_update if answer.pk else to_create).append(answer)
    if errors:
        raise ValidationError(errors)
    # Through the history helpers, so a cleared, new or changed answer is audited with its user.
    for answer in Answer.objects.filter(pk__in=to_delete):
        answer._history_user = user
        answer.delete()
    bulk_create_with_history(to_create, Answer, default_user=user)
    bulk_update_with_history(
        to_update, Answer, ["number", "yes", "choices", "text"], default_user=user
    )


def _store_knowledge(response, knowledge, *, complete, user):
    questionnaire = response.questionnaire
    if not questionnaire.collects_knowledge_scores:
        return
    knowledge = knowledge or {}
    filled = {k: v for k, v in knowledge.items() if v not in (None, "")}
    existing = KnowledgeScore.objects.filter(response=response).first()
    if not filled:
        if complete:
            raise ValidationError({"knowledge": [_("Give your gender and both scores.")]})
        if existing is not None:  # all three cleared on a draft: the stored score goes
            existing._history_user = user
            existing.delete()
        return
    if len(filled) < 3:
        # Never keep part of a score silently: the form says what is missing, nothing is saved.
        raise ValidationError(
            {
                "knowledge": [
                    _(
                        "Give your gender and both scores, or leave all three empty: "
                        "a partial knowledge score cannot be saved."
                    )
                ]
            }
        )
    score = existing or KnowledgeScore(questionnaire=questionnaire, response=response)
    score.gender = filled["gender"]
    score.before = filled["before"]
    score.after = filled["after"]
    score.trainee = str(response.respondent)[:100]
    try:
        score.full_clean()
    except ValidationError as error:
        raise ValidationError({"knowledge": error.messages}) from None
    score._history_user = user
    score.save()


def _lock(questionnaire, user, *, today, replay_key=None):
    """Get or create the response row and lock it for this transaction."""
    if not questionnaire.is_open(today):
        raise ResponseRefused(
            _("This questionnaire closed on %(date)s: it takes no more answers.")
            % {"date": date_format(questionnaire.closes_on)}
            if today > questionnaire.closes_on
            else _("This questionnaire opens on %(date)s.")
            % {"date": date_format(questionnaire.opens_on)}
        )
    scope = _respondent_scope(questionnaire, user)
    response = submissions.lock_or_create(
        Response.objects.all(), defaults={"respondent": user}, **scope
    )
    if response.is_submitted and not submissions.is_replay(response.submit_key, replay_key):
        raise ResponseRefused(_("This response was already submitted and cannot be changed."))
    return response


def _replay(response, questions, answers, knowledge):
    """The stored response for a retried submit of the same form, if it says the same."""
    return submissions.replay(
        response,
        same=_same_answers(response, questions, answers, knowledge),
        message=lambda: (
            _(
                "This form was already submitted with other answers on %(when)s; those answers are "
                "kept unchanged."
            )
            % {"when": date_format(timezone.localtime(response.submitted_at), "DATETIME_FORMAT")}
        ),
    )


def _same_answers(response, questions, answers, knowledge):
    stored = {
        answer.question_id: answer.value for answer in response.answers.select_related("question")
    }
    for question in questions:
        try:
            value = _clean_value(question, answers.get(question.pk))
        except ValidationError:
            return False  # unreadable now, so not what was stored
        if value != stored.get(question.pk):
            return False
    score = KnowledgeScore.objects.filter(response=response).first()
    return not response.questionnaire.collects_knowledge_scores or _same_knowledge(score, knowledge)


def _check_version(response, version):
    """Refuse a form opened before the stored answers last changed, or one that sent no
    version: they are not overwritten."""
    submissions.check_version(
        response.version,
        version,
        message=lambda: _(
            "Someone saved these answers since you opened the form (another National Focal "
            "Point of your country, or another tab). Nothing of yours was saved: reload the "
            "page to see the current answers, then make your changes again."
        ),
    )


def _same_knowledge(score, knowledge):
    filled = {k: v for k, v in (knowledge or {}).items() if v not in (None, "")}
    if score is None:
        return not filled
    return filled == {"gender": score.gender, "before": score.before, "after": score.after}


def response_is_retry(response, *, submitting, submission_key):
    """True when a POST to a submitted response is a retried submit of the same form (its
    key): ``response_submit`` replays it. Any other POST to it is refused."""
    return submitting and submissions.is_replay(response.submit_key, submission_key)


@transaction.atomic
def response_save_draft(
    *, questionnaire, user, answers, knowledge=None, today=None, version=UNCHECKED
):
    """Keep what has been answered so far; nothing is required yet.

    ``version`` is the response's version the form was loaded with: a differing stored
    version means someone saved since, and None that the form sent none; either way nothing
    is saved (``SubmissionConflict``). A call from no form leaves it out.
    """
    response = _lock(questionnaire, user, today=today or timezone.localdate())
    _check_version(response, version)
    questions = list(questionnaire.questions.all())
    answers_store(response, questions, answers, complete=False, user=user)
    _store_knowledge(response, knowledge, complete=False, user=user)
    response.respondent = user
    response.version += 1
    response.full_clean()
    response.save()
    return response


@transaction.atomic
def response_submit(
    *,
    questionnaire,
    user,
    answers,
    submission_key=None,
    knowledge=None,
    today=None,
    version=UNCHECKED,
):
    """Submit once. A retried POST with the same ``submission_key`` returns the stored response
    unchanged; with other answers it is a ``SubmissionConflict``.

    ``version`` is checked as in ``response_save_draft``, after a retry has been replayed.
    """
    questions = list(questionnaire.questions.all())
    if submission_key:
        scope = _respondent_scope(questionnaire, user)
        done = Response.objects.filter(submit_key=submission_key, **scope).first()
        if done is not None:
            return _replay(done, questions, answers, knowledge)
    # A concurrent copy of this POST may hold the row: once it commits, this one replays.
    response = _lock(
        questionnaire, user, today=today or timezone.localdate(), replay_key=submission_key
    )
    if response.is_submitted:
        return _replay(response, questions, answers, knowledge)
    _check_version(response, version)
    answers_store(response, questions, answers, complete=True, user=user)
    _store_knowledge(response, knowledge, complete=True, user=user)
    response.respondent = user
    response.version += 1
    response.status = Response.Status.SUBMITTED
    response.submitted_at = timezone.now()
    response.submit_key = submission_key
    response.full_clean()
    response.save()
    return response
