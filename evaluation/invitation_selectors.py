"""Reads for evaluation by invitation: test scores and the knowledge gain.

A response's score is the share (0-100) of the questionnaire's keyed questions (those with a
correct answer) answered right. A trainee's gain is their post-training score minus their
pre-training score; a training's gain is the mean over trainees who answered both.
"""

from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

from evaluation.models import Answer, Invitation, Question, Questionnaire


def _round(value):
    return Decimal(value).quantize(Decimal("0.1"), ROUND_HALF_UP)


def _mean(values):
    return _round(sum(values, Decimal(0)) / len(values)) if values else None


def trainee_scores(*, events, country=None):
    """Per training, each answering trainee's pre and post score and gain. Three queries.

    Rows are keyed by nomination id: only the Secretariat's pages may show them beside a name.
    """
    invitations = Invitation.objects.filter(
        questionnaire__training_event__in=events,
        questionnaire__stage__in=Questionnaire.Stage.values,
        response__isnull=False,
    )
    if country is not None:
        invitations = invitations.filter(nomination__country=country)
    rows = list(
        invitations.values(
            "nomination_id",
            "response_id",
            "questionnaire_id",
            "questionnaire__stage",
            "questionnaire__training_event_id",
        )
    )
    if not rows:
        return {}
    questionnaire_ids = {row["questionnaire_id"] for row in rows}
    keys = defaultdict(dict)
    for question in Question.objects.filter(questionnaire__in=questionnaire_ids).exclude(
        correct_answer=""
    ):
        keys[question.questionnaire_id][question.pk] = question.correct_answer
    right = defaultdict(int)
    for answer in Answer.objects.filter(
        response__in=[row["response_id"] for row in rows],
        question__in=[pk for key in keys.values() for pk in key],
    ).values("response_id", "question_id", "question__questionnaire_id", "text"):
        if keys[answer["question__questionnaire_id"]].get(answer["question_id"]) == answer["text"]:
            right[answer["response_id"]] += 1
    scores = defaultdict(dict)  # (event, nomination) -> {"pre": score, "post": score}
    for row in rows:
        total = len(keys[row["questionnaire_id"]])
        if not total:
            continue
        score = _round(Decimal(100) * right[row["response_id"]] / total)
        event_id = row["questionnaire__training_event_id"]
        scores[(event_id, row["nomination_id"])][row["questionnaire__stage"]] = score
    by_event = defaultdict(list)
    for (event_id, nomination_id), stages in scores.items():
        pre, post = stages.get("pre"), stages.get("post")
        gain = post - pre if pre is not None and post is not None else None
        by_event[event_id].append(
            {"nomination_id": nomination_id, "pre": pre, "post": post, "gain": gain}
        )
    return dict(by_event)


def gains_from_scores(scores):
    """Per training: trainees tested before and after, mean scores and mean gain, from the
    rows of ``trainee_scores``."""
    gains = {}
    for event_id, trainees in scores.items():
        both = [t for t in trainees if t["gain"] is not None]
        gains[event_id] = {
            "answered": len(trainees),
            "tested": len(both),
            "pre": _mean([t["pre"] for t in both]),
            "post": _mean([t["post"] for t in both]),
            "gain": _mean([t["gain"] for t in both]),
        }
    return gains


def knowledge_gains(*, events, country=None):
    """Per training: trainees tested before and after, mean scores and mean gain."""
    return gains_from_scores(trainee_scores(events=events, country=country))
