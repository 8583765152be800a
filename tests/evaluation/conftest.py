"""Evaluation fixtures: questionnaires of every kind, a participant, and a plain answer helper."""

from datetime import timedelta

import pytest
from django.utils import timezone

from evaluation.models import Question, Questionnaire
from tests.conftest import PASSWORD
from workplan.models import Activity


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def activity_14(workplan_2012):
    return Activity.objects.get(strand__workplan=workplan_2012, code="1.4")


def build_questionnaire(activity, *, audience, today, **extra):
    questionnaire = Questionnaire.objects.create(
        title=extra.pop("title", "Regional training evaluation"),
        purpose=extra.pop("purpose", Questionnaire.Purpose.TRAINING_IMPACT),
        activity=activity,
        audience=audience,
        opens_on=extra.pop("opens_on", today - timedelta(days=7)),
        closes_on=extra.pop("closes_on", today + timedelta(days=7)),
        **extra,
    )
    specs = [
        ("How useful was the training?", Question.Kind.RATING, True, ""),
        ("Would you recommend it?", Question.Kind.YES_NO, True, ""),
        (
            "Which language suited you best?",
            Question.Kind.SINGLE,
            False,
            "English\nFrench\nSpanish",
        ),
        ("Which modules did you use since?", Question.Kind.MULTIPLE, False, "Policy\nField\nData"),
        ("How many colleagues did you train since?", Question.Kind.NUMBER, False, ""),
        ("What should change?", Question.Kind.TEXT, False, ""),
    ]
    for order, (text, kind, required, choices) in enumerate(specs, start=1):
        Question.objects.create(
            questionnaire=questionnaire,
            order=order,
            text=text,
            kind=kind,
            required=required,
            choices=choices,
        )
    return questionnaire


@pytest.fixture
def nfp_questionnaire(activity_14, today):
    return build_questionnaire(activity_14, audience=Questionnaire.Audience.NFPS, today=today)


@pytest.fixture
def participant_questionnaire(activity_14, today):
    return build_questionnaire(
        activity_14,
        audience=Questionnaire.Audience.PARTICIPANTS,
        today=today,
        collects_knowledge_scores=True,
    )


@pytest.fixture
def trainee(db, django_user_model):
    return django_user_model.objects.create_user(username="trainee", password=PASSWORD)


@pytest.fixture
def trainee2(db, django_user_model):
    return django_user_model.objects.create_user(username="trainee2", password=PASSWORD)


def questions(questionnaire):
    """The questions by kind, for readable tests."""
    return {q.kind: q for q in questionnaire.questions.all()}


def answers(questionnaire, **values):
    """Answers keyed by question id from keyword kinds: rating=4, yes_no=True ..."""
    by_kind = questions(questionnaire)
    return {by_kind[kind].pk: value for kind, value in values.items()}


def form_data(questionnaire, version=0, **values):
    """POST data for the answer form from keyword kinds, with the version the page carries
    (0 for a response not saved yet; None leaves it out, which is refused as stale)."""
    by_kind = questions(questionnaire)
    data = {f"q{by_kind[kind].pk}": value for kind, value in values.items()}
    return data if version is None else {"version": str(version), **data}
