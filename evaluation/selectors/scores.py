"""Reads for evaluation by invitation: test scores and the knowledge gain.

A response's score is the share (0-100) of the questionnaire's keyed questions (those with a
correct answer) answered right. A trainee's gain is their post-training score minus their
pre-training score; a training's gain is the mean over trainees who answered both.
"""

from collections import defaultdict
from decimal import Decimal

from django.db.models import Count, OuterRef, Subquery

from evaluation.models import Answer, Question, Questionnaire
from evaluation.selectors.numbers import mean, rounded

TENTH = "0.1"  # scores and gains are shown to one decimal


def trainee_scores(*, events=None, country=None):
    """Per training, each answering trainee's pre and post score and gain. One query, always
    run (the trainings and the country filter inside it), whatever the number of trainees.

    ``events``: trainings (or a queryset of them); ``country``: only its trainees.
    Rows are keyed by nomination id: only the Secretariat's pages may show them beside a name.
    """
    answers = Answer.objects.filter(
        response__invitation__isnull=False,
        question__questionnaire__stage__in=Questionnaire.Stage.values,
    ).exclude(question__correct_answer="")
    if events is not None:
        answers = answers.filter(question__questionnaire__training_event__in=events)
    if country is not None:
        answers = answers.filter(response__invitation__nomination__country=country)
    keyed = (
        Question.objects.filter(questionnaire=OuterRef("question__questionnaire"))
        .exclude(correct_answer="")
        .order_by()
        .values("questionnaire")
        .annotate(n=Count("pk"))
        .values("n")
    )
    rows = answers.annotate(keyed=Subquery(keyed)).values(
        "response_id",
        "text",
        "keyed",
        "question__correct_answer",
        "question__questionnaire__stage",
        "question__questionnaire__training_event_id",
        "response__invitation__nomination_id",
    )
    right = defaultdict(int)
    responses = {}
    for row in rows:
        right[row["response_id"]] += row["text"] == row["question__correct_answer"]
        responses[row["response_id"]] = row
    scores = defaultdict(dict)  # (event, nomination) -> {"pre": score, "post": score}
    for response_id, row in responses.items():
        score = rounded(Decimal(100) * right[response_id] / row["keyed"], TENTH)
        key = (
            row["question__questionnaire__training_event_id"],
            row["response__invitation__nomination_id"],
        )
        scores[key][row["question__questionnaire__stage"]] = score
    by_event = defaultdict(list)
    for (event_id, nomination_id), stages in sorted(scores.items()):
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
            "pre": mean([t["pre"] for t in both], TENTH),
            "post": mean([t["post"] for t in both], TENTH),
            "gain": mean([t["gain"] for t in both], TENTH),
        }
    return gains


def knowledge_gains(*, events, country=None):
    """Per training: trainees tested before and after, mean scores and mean gain."""
    return gains_from_scores(trainee_scores(events=events, country=country))
