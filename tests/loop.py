"""Fixtures for the loop per country (calendar, nominations, invitations, country profile).

Imported by the test modules that need them (``from tests.loop import *``), so no other app's
conftest changes. Built from plain model rows, the way the other apps' fixtures are.
"""

from datetime import timedelta

import pytest
from django.utils import timezone

from evaluation.models import Question, Questionnaire
from needs.models import (
    AssessmentRound,
    CountryResponse,
    Language,
    TargetGroup,
    TrainingEvent,
    TrainingNeed,
    TrainingTopic,
    TrainingType,
)
from tests.conftest import _user
from workplan import roles
from workplan.models import Activity, Country, FocalPoint, Region, WorkPlan

__all__ = [
    "germany",
    "nfp_germany",
    "loop_workplan",
    "kenya_needs",
    "training",
    "tests_pre_post",
    "TRAINEE",
    "TRAINEE2",
    "RIGHT",
    "WRONG",
    "answers_for",
]

TRAINEE = {
    "name": "Wanjiru Kamau",
    "email": "wanjiru@kws.example",
    "function": "Wildlife officer",
    "institution": "Kenya Wildlife Service",
    "gender": "woman",
}
TRAINEE2 = {
    "name": "Otieno Odhiambo",
    "email": "otieno@kws.example",
    "function": "Ranger",
    "institution": "Kenya Wildlife Service",
    "gender": "man",
}
# The test's three keyed questions: choice, right answer, wrong answer.
RIGHT = ["Bonn", "Appendix I", "Every three years"]
WRONG = ["Geneva", "Appendix II", "Every year"]


@pytest.fixture
def germany(db):
    return Country.objects.get_or_create(
        iso2="DE", defaults={"name": "Germany", "region": Region.EUROPE, "is_party": True}
    )[0]


@pytest.fixture
def nfp_germany(db, django_user_model, germany):
    user = _user(django_user_model, "nfp_de", roles.NFP)
    FocalPoint.objects.create(user=user, country=germany)
    return user


@pytest.fixture
def loop_workplan(db):
    return WorkPlan.objects.get_or_create(
        slug="wp-loop", defaults={"title": "Work plan", "start_year": 2024, "end_year": 2027}
    )[0]


def _lookup(model, name, **extra):
    return model.objects.get_or_create(name=name, defaults=extra)[0]


@pytest.fixture
def kenya_needs(loop_workplan, kenya):
    """Kenya's submitted response with two priority needs (5 and 4) and a minor one (2)."""
    today = timezone.localdate()
    assessment_round = AssessmentRound.objects.create(
        workplan=loop_workplan,
        title="Needs 2025",
        opens_on=today - timedelta(days=60),
        closes_on=today - timedelta(days=30),
    )
    response = CountryResponse.objects.create(
        round=assessment_round,
        country=kenya,
        status=CountryResponse.Status.SUBMITTED,
        submitted_at=timezone.now(),
    )
    common = {
        "training_type": _lookup(TrainingType, "Regional workshop"),
        "target_group": _lookup(TargetGroup, "National Focal Points"),
        "language": Language.objects.get_or_create(code="en", defaults={"name": "English"})[0],
        "scope": "regional",
        "urgency": 3,
    }
    return [
        TrainingNeed.objects.create(
            response=response, topic=_lookup(TrainingTopic, topic), priority=priority, **common
        )
        for topic, priority in (
            ("Bycatch and fisheries interactions", 5),
            ("National reporting to CMS", 4),
            ("Ecological networks", 2),
        )
    ]


@pytest.fixture
def training(kenya_needs):
    """A regional training for Africa answering Kenya's two priority needs, 2 seats a Party."""
    today = timezone.localdate()
    event = TrainingEvent.objects.create(
        kind=TrainingEvent.Kind.REGIONAL,
        title="Bycatch and reporting, Africa",
        region=Region.AFRICA,
        city="Nairobi",
        start_date=today + timedelta(days=30),
        end_date=today + timedelta(days=33),
        seats_per_party=2,
        nomination_deadline=today + timedelta(days=10),
        details="Venue: UN Gigiri complex, Block M.",
    )
    event.needs.set(kenya_needs[:2])
    return event


@pytest.fixture
def tests_pre_post(training, workplan_2012):
    """The training's pre- and post-training tests: three keyed questions and a comment."""
    activity = Activity.objects.get(strand__workplan=workplan_2012, code="1.4")
    today = timezone.localdate()
    made = {}
    for stage in (Questionnaire.Stage.PRE, Questionnaire.Stage.POST):
        questionnaire = Questionnaire.objects.create(
            title=f"Test {stage}",
            purpose=Questionnaire.Purpose.TRAINING_IMPACT,
            activity=activity,
            training_event=training,
            audience=Questionnaire.Audience.PARTICIPANTS,
            stage=stage,
            opens_on=today - timedelta(days=1),
            closes_on=today + timedelta(days=60),
        )
        for order, (right, wrong) in enumerate(zip(RIGHT, WRONG, strict=True), start=1):
            Question.objects.create(
                questionnaire=questionnaire,
                order=order,
                text=f"Question {order}",
                kind=Question.Kind.SINGLE,
                choices=f"{right}\n{wrong}",
                correct_answer=right,
            )
        Question.objects.create(
            questionnaire=questionnaire,
            order=9,
            text="Comments",
            kind=Question.Kind.TEXT,
            required=False,
        )
        made[stage] = questionnaire
    return made


def answers_for(questionnaire, right):
    """Answers with ``right`` of the three keyed questions answered right."""
    answers = {}
    for question in questionnaire.questions.all():
        if question.correct_answer:
            index = question.order - 1
            answers[question.pk] = RIGHT[index] if index < right else WRONG[index]
    return answers
