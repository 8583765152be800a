"""Deterministic demo data at scale: ten triennia of a CMS capacity-building programme.

``demo_seed(scale=...)`` fills an empty database (countries and the real 2012-2014 plan are
loaded first) with work plans, activities, contributions, needs-assessment rounds answered by
every Party, training programmes and events, evaluation questionnaires answered by every Party,
indicators with measurements, and the handbook. Low-volume writes go through the apps' own
services (``workplan_load``, ``user_create``, ``programme_create_from_needs``,
``questionnaire_copy``, ``response_submit``, ``suggestion_create``); high-volume rows are
bulk-created, with ``bulk_create_with_history`` wherever the model keeps an audit history, so the
history tables hold one "created" row per object, dated when the object would have been made.

Everything random comes from one ``random.Random(SEED)`` consumed in a fixed order over lists
sorted by natural keys, so two runs on fresh databases on the same day give the same data. What
depends on the day: the current needs round stays open around today (so focal points can use
the demo), and whether a triennium, a contribution or a training counts as past.

Scales (rows created): large = 133 Parties, 10 work plans, 300 activities, 20 rounds answered by
every Party (about 20,000 training needs), 150 programmes, 600 training events, 60
questionnaires of 19 questions answered by every Party (151,620 answers), 2,000 contributions,
300 indicators x 20 measurements; small = 13 Parties, 2 work plans, 30 activities, 2 rounds, 60
events, 6 questionnaires (1,482 answers), 200 contributions, 30 x 20 measurements; tiny is for
the test suite. See SCALES.

This module runs the steps in their fixed order; each step lives beside the app it fills
(``demo.workplan``, ``demo.needs``, ``demo.evaluation``, ``demo.handbook``; trainees, nominations
and tests by invitation in ``demo.trainees``), sharing ``demo.base``.
"""

import random
import sys

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from demo.base import SCALES, SEED, Context, DemoDataExists, Scale
from demo.evaluation import indicators_seed, questionnaires_seed
from demo.handbook import handbook_seed
from demo.needs import lookups_seed, programmes_seed, rounds_seed
from demo.trainees import trainees_seed
from demo.workplan import (
    DEMO_SECRETARIAT,
    contributions_seed,
    parties_seed,
    users_seed,
    workplans_seed,
)
from evaluation.lookups import seed_conventions
from evaluation.models import (
    Answer,
    Convention,
    Indicator,
    Invitation,
    Measurement,
    Questionnaire,
    Response,
)
from handbook.models import Edition, Suggestion
from needs.models import (
    AssessmentRound,
    CountryResponse,
    Nomination,
    TrainingEvent,
    TrainingNeed,
    TrainingProgramme,
)
from workplan.cache import figures_invalidate
from workplan.models import Activity, Contribution, Country, FocalPoint, ProgressUpdate, WorkPlan

__all__ = ["SCALES", "DemoDataExists", "Scale", "demo_counts", "demo_seed"]


def guard():
    """Refuse a database that already holds demo data."""
    User = get_user_model()
    if User.objects.filter(username=DEMO_SECRETARIAT).exists():
        raise DemoDataExists(
            "This database already holds demo data (the login "
            f"{DEMO_SECRETARIAT!r} exists). seed_demo fills a database once: run it on a fresh "
            "database (`migrate` on an empty one) to seed again."
        )


def reference_lists_seed():
    """The lookup lists and conventions the migrations create, in case a flush emptied them."""
    lookups_seed()
    seed_conventions(Convention)


def demo_seed(*, scale, password, stdout=None, today=None, seed=SEED, dry_run=False):
    """Fill an empty database with demo data at ``scale`` (a name in SCALES or a Scale).

    Refuses (``DemoDataExists``) when demo data is already there. ``dry_run`` builds everything
    and rolls it back. Returns the summary of counts (``demo_counts``).
    """
    scale = SCALES[scale] if isinstance(scale, str) else scale
    out = stdout or sys.stdout
    ctx = Context(
        rng=random.Random(seed),  # noqa: S311 (demo data, not secrets)
        plan_rng=random.Random(seed + 1),  # noqa: S311
        scale=scale,
        out=out,
        today=today or timezone.localdate(),
    )
    with transaction.atomic():
        guard()
        reference_lists_seed()
        ctx.parties = parties_seed(ctx)
        users_seed(ctx, password)
        workplans_seed(ctx)
        contributions_seed(ctx)
        rounds = rounds_seed(ctx)
        events = programmes_seed(ctx, rounds)
        questionnaires_seed(ctx, events)
        trainees_seed(ctx, events)
        indicators_seed(ctx)
        handbook_seed(ctx)
        counts = demo_counts()
        if dry_run:
            transaction.set_rollback(True)
        else:
            figures_invalidate()  # bulk writes send no model signals
    return counts


def demo_counts():
    """How many rows of each kind the database holds, and their audit-history rows."""
    models = [
        ("Parties", Country.objects.parties()),
        (
            "Parties with a focal point",
            Country.objects.filter(focal_points__isnull=False).distinct(),
        ),
        ("Focal points", FocalPoint.objects),
        ("Work plans", WorkPlan.objects),
        ("Activities", Activity.objects),
        ("Progress updates", ProgressUpdate.objects),
        ("Contributions", Contribution.objects),
        ("Assessment rounds", AssessmentRound.objects),
        ("Country responses", CountryResponse.objects),
        ("Training needs", TrainingNeed.objects),
        ("Training programmes", TrainingProgramme.objects),
        ("Training events", TrainingEvent.objects),
        ("Questionnaires", Questionnaire.objects),
        ("Questionnaire responses", Response.objects),
        ("Answers", Answer.objects),
        ("Nominations", Nomination.objects),
        ("Invitations", Invitation.objects),
        ("Indicators", Indicator.objects),
        ("Measurements", Measurement.objects),
        ("Handbook editions", Edition.objects),
        ("Handbook suggestions", Suggestion.objects),
    ]
    counts = {label: qs.count() for label, qs in models}
    counts["Audit history rows"] = sum(
        getattr(model, model._meta.simple_history_manager_attribute).count()
        for model in apps.get_models()
        if hasattr(model._meta, "simple_history_manager_attribute")
    )
    return counts
