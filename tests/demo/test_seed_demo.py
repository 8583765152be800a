"""seed_demo: deterministic demo data at scale, with its audit history, seeded once."""

import io
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.db.models import Count, Q, Sum
from django.utils import timezone

from demo.seed import SCALES, demo_seed
from evaluation.models import (
    Answer,
    Indicator,
    Invitation,
    Measurement,
    Questionnaire,
    Response,
)
from evaluation.selectors.scores import knowledge_gains
from needs.models import (
    AssessmentRound,
    CountryResponse,
    Nomination,
    TrainingEvent,
    TrainingNeed,
)
from workplan.models import Activity, Contribution, Country, FocalPoint, WorkPlan

pytestmark = pytest.mark.django_db


def _seed(scale, *args):
    out = io.StringIO()
    call_command("seed_demo", "--scale", scale, "--password", "pw", *args, stdout=out)
    return out.getvalue()


def _aggregates():
    """What two seeded databases must agree on, whatever their primary keys."""
    return {
        "parties": sorted(FocalPoint.objects.values_list("country__iso2", flat=True)),
        "activities": list(
            Activity.objects.order_by(
                "strand__workplan__start_year", "strand__number", "code"
            ).values_list("code", "title", "status", "budget_min", "budget_max")
        ),
        "contributions": Contribution.objects.aggregate(Sum("amount_usd"), Count("activity")),
        "needs": list(
            TrainingNeed.objects.values("response__country__iso2")
            .annotate(priority=Sum("priority"), n=Count("pk"))
            .order_by("response__country__iso2")
        ),
        "responses": list(
            CountryResponse.objects.values("status").annotate(n=Count("pk")).order_by("status")
        ),
        "events": TrainingEvent.objects.aggregate(Sum("trainees_women"), Sum("estimated_cost")),
        "nominations": list(
            Nomination.objects.values("status", "gender", "country__iso2")
            .annotate(n=Count("pk"))
            .order_by("status", "gender", "country__iso2")
        ),
        "answers": Answer.objects.aggregate(Sum("number"), Count("yes"), Count("pk")),
        "measurements": Measurement.objects.aggregate(Sum("value")),
    }


def test_small_scale_gives_the_documented_counts():
    small = SCALES["small"]
    output = _seed("small")

    assert FocalPoint.objects.values("country").distinct().count() == small.parties
    assert WorkPlan.objects.count() == small.workplans
    assert Activity.objects.count() == small.activities
    assert Contribution.objects.count() == small.contributions
    assert AssessmentRound.objects.count() == small.rounds
    # Every Party answers every past round; the current round is open and partly answered.
    past = AssessmentRound.objects.order_by("opens_on").first()
    assert CountryResponse.objects.filter(round=past).count() == small.parties
    low, high = small.needs_per_response
    per_response = TrainingNeed.objects.filter(response__round=past).count() / small.parties
    assert low <= per_response <= high
    # Besides the trainings announced for the coming months (calendar, nominations).
    assert (
        TrainingEvent.objects.filter(start_date__lte=timezone.localdate()).count() == small.events
    )
    assert TrainingEvent.objects.filter(nomination_deadline__gte=timezone.localdate()).exists()
    # Besides the pre- and post-training tests answered by invitation (test below).
    assert Questionnaire.objects.filter(stage="").count() == small.questionnaires
    answered = small.questionnaires * small.parties
    by_parties = Response.objects.filter(status="submitted", country__isnull=False)
    assert by_parties.count() == answered
    assert Answer.objects.filter(response__country__isnull=False).count() == (
        answered * small.questions
    )
    assert Indicator.objects.count() == small.indicators
    assert Measurement.objects.count() == small.indicators * small.measurements
    assert "Seeded scale 'small'" in output and f"{Answer.objects.count():,}" in output


def test_trainees_match_every_trainings_counts_and_answer_tests_by_invitation():
    demo_seed(scale="small", password="pw", stdout=io.StringIO())

    confirmed = Nomination.objects.confirmed()
    for event in TrainingEvent.objects.annotate(
        women=Count("nominations", filter=Q(nominations__in=confirmed.filter(gender="woman"))),
        men=Count("nominations", filter=Q(nominations__in=confirmed.filter(gender="man"))),
    ):
        assert (event.women, event.men) == (event.trainees_women, event.trainees_men)
        assert event.seats_per_party and event.nomination_deadline
    assert Nomination.objects.filter(status="declined").exists()
    tests = Questionnaire.objects.exclude(stage="")
    assert tests.filter(stage="pre").count() == tests.filter(stage="post").count() > 0
    invitations = Invitation.objects.filter(questionnaire__in=tests)
    assert invitations.filter(response__isnull=False).count() > invitations.count() // 2
    gains = knowledge_gains(events=TrainingEvent.objects.filter(questionnaires__in=tests))
    assert gains and all(g["gain"] > 0 for g in gains.values() if g["tested"] > 5)


def test_the_audit_history_comes_with_the_bulk_rows_dated_when_they_were_made():
    demo_seed(scale="tiny", password="pw", stdout=io.StringIO())

    assert TrainingNeed.history.count() == TrainingNeed.objects.count()
    assert Contribution.history.count() == Contribution.objects.count()
    assert Measurement.history.count() == Measurement.objects.count()
    need = (
        TrainingNeed.objects.select_related("response").filter(response__status="accepted").first()
    )
    created = need.history.get(history_type="+")
    assert created.history_date == need.response.submitted_at
    assert created.history_user_id == need.response.submitted_by_id


def test_two_runs_on_fresh_databases_give_the_same_data():
    runs = []
    for _run in range(2):
        with transaction.atomic():
            demo_seed(scale="tiny", password="pw", stdout=io.StringIO())
            runs.append(_aggregates())
            transaction.set_rollback(True)  # the next run starts from an empty database again
    assert runs[0] == runs[1]
    assert runs[0]["answers"]["pk__count"] > 0
    assert runs[0]["contributions"]["amount_usd__sum"] > Decimal("0")


def test_a_second_run_refuses_and_changes_nothing():
    _seed("tiny")
    before = _aggregates()

    with pytest.raises(CommandError, match="already holds demo data"):
        _seed("tiny")
    assert _aggregates() == before


def test_a_dry_run_reports_the_counts_and_writes_nothing():
    output = _seed("tiny", "--dry-run")

    assert "Dry run" in output and "would hold" in output
    assert not FocalPoint.objects.exists()
    assert not TrainingNeed.objects.exists()
    assert Country.objects.count() == 0


def test_demo_contributions_and_dates_make_the_picture_mean_something():
    _seed("small")
    for workplan in WorkPlan.objects.all():
        activities = Activity.objects.filter(strand__workplan=workplan)
        estimate = activities.aggregate(total=Sum("budget_max"))["total"] or Decimal(200_000)
        given = Contribution.objects.filter(workplan=workplan).aggregate(t=Sum("amount_usd"))["t"]
        # 50-120 % of the top of the estimate (amounts rounded to US$500 each).
        assert Decimal("0.49") <= given / estimate <= Decimal("1.21"), workplan
        spans = set(activities.values_list("planned_start", "planned_end"))
        # Planned dates vary from one activity to the next, inside the triennium.
        assert len(spans) > activities.count() // 2
        first, last = min(s for s, _e in spans), max(e for _s, e in spans)
        assert first.year >= workplan.start_year and last.year <= workplan.end_year
    # A completed activity has an update that says when it was completed.
    completed = Activity.objects.filter(status="completed")
    assert completed.exists()
    assert not completed.exclude(updates__status="completed").exists()


def test_every_demo_work_plan_has_trainings_held():
    """The dashboard opens on the current plan: "0 trainings held" beside indicators that
    count trainees would tell the committee nothing."""
    from evaluation.selectors.trainings import trainings_summary

    _seed("small")
    for workplan in WorkPlan.objects.all():
        summary = trainings_summary(workplan)
        assert summary["held"] > 0, workplan
        assert summary["women"] + summary["men"] > 0, workplan
