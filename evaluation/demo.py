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
the test suite. See SCALES. Trainees, nominations and tests by invitation: ``demo_trainees``.
"""

import importlib
import json
import random
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from datetime import time as dtime
from decimal import Decimal
from pathlib import Path

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone, translation
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from evaluation import demo_translations as tr
from evaluation import services as evaluation_services
from evaluation.demo_trainees import trainees_seed
from evaluation.models import (
    Answer,
    Convention,
    Indicator,
    Invitation,
    Measurement,
    Question,
    Questionnaire,
    Response,
)
from handbook import services as handbook_services
from handbook.models import Chapter, Distribution, Edition, HandbookPlan, Suggestion, WorkStatus
from handbook.models import TargetGroup as HandbookTargetGroup
from needs import services as needs_services
from needs.models import (
    AssessmentRound,
    CountryResponse,
    Language,
    Module,
    Nomination,
    Scope,
    TargetGroup,
    TrainingEvent,
    TrainingNeed,
    TrainingProgramme,
    TrainingTopic,
    TrainingType,
)
from workplan import roles
from workplan.cache import figures_invalidate
from workplan.models import (
    Activity,
    Body,
    Contribution,
    Country,
    FocalPoint,
    Phase,
    ProgressUpdate,
    Region,
    Status,
    WorkPlan,
)
from workplan.services import countries_load, user_create, workplan_load

SEED = 20111125  # COP10 adopted the first plan on 25 November 2011
BATCH = 2000
TRIENNIA = [(year, year + 2) for year in range(1997, 2027, 3)]  # 1997-1999 ... 2024-2026
REAL_PLAN = (2012, 2014)
DEMO_SECRETARIAT = "demo-secretariat"
DEMO_LOGINS = (
    (DEMO_SECRETARIAT, "secretariat", False),
    ("demo-stc", "stc", False),
    ("demo-scc", "scc", False),
    ("demo-nfp", "nfp", True),
)
# Made Parties for the demo only when the loaded list has fewer Parties than the scale asks.
EXTRA_PARTIES = ("NA", "ZM", "BW", "MX", "ID", "CO")


@dataclass(frozen=True)
class Scale:
    parties: int
    workplans: int
    activities: int
    rounds: int
    needs_per_response: tuple
    programmes: int
    events: int
    questionnaires: int
    questions: int
    contributions: int
    indicators: int
    measurements: int
    suggestions: int


SCALES = {
    "large": Scale(133, 10, 300, 20, (5, 10), 150, 600, 60, 19, 2000, 300, 20, 200),
    "small": Scale(13, 2, 30, 2, (5, 10), 15, 60, 6, 19, 200, 30, 20, 20),
    # For the test suite: every kind of row, a few of each.
    "tiny": Scale(4, 2, 20, 2, (2, 4), 2, 6, 3, 19, 12, 4, 3, 3),
}


class DemoDataExists(Exception):
    """The database already holds demo data: seeding twice would duplicate it."""


class ProgressBar:
    """A one-line text progress bar; prints one line per step when not on a terminal."""

    def __init__(self, label, total, stream=None, width=30):
        self.label, self.total, self.width = label, max(total, 1), width
        self.stream = stream or sys.stdout
        self.done = 0
        self.started = time.monotonic()
        self.live = hasattr(self.stream, "isatty") and self.stream.isatty()
        self._draw()

    def advance(self, count=1):
        self.done = min(self.total, self.done + count)
        if self.live:
            self._draw()

    def close(self):
        self.done = self.total
        self._draw(final=True)

    def _draw(self, final=False):
        if not (self.live or final):
            return
        filled = round(self.width * self.done / self.total)
        bar = "#" * filled + "-" * (self.width - filled)
        text = (
            f"{self.label:<22} [{bar}] {100 * self.done // self.total:3d}% "
            f"{self.done:>7,}/{self.total:,} {time.monotonic() - self.started:6.1f}s"
        )
        if self.live:
            self.stream.write("\r" + text + ("\n" if final else ""))
        else:
            self.stream.write(text + "\n")
        self.stream.flush()


# --- Words ----------------------------------------------------------------------------------

STRANDS = [
    (
        "Development of National/Regional Capacity Building Training Programmes",
        "Strengthening institutional capacity of the NFPs to implement CMS instruments",
        [
            "Training needs assessment on {topic}",
            "Objectives and target groups clarified for {topic}",
            "Training modules designed on {topic}",
            "Regional training on {topic} in {region}",
            "Impact evaluation of trainings on {topic}",
            "Follow-up training on {topic} in {region}",
        ],
    ),
    (
        "Development of CMS Handbook",
        "Parties equipped with a handbook on CMS and its instruments",
        [
            "Working group meeting on the handbook chapter on {topic}",
            "Content suggestions gathered on {topic}",
            "Design and translation of the handbook into {language}",
            "Training-of-trainers workshop in {region}",
            "Dialogue between officials and scientists on {topic}",
            "Distribution of the handbook in {region}",
        ],
    ),
    (
        "Improving the Assessment of the Progress and Impact of Capacity Building Activities",
        "Progress and impact of capacity building measured with common indicators",
        [
            "Evaluation questionnaire after trainings in {region}",
            "Common indicators agreed with {partner}",
            "Progress report to the Standing Committee on {topic}",
        ],
    ),
]
PARTNERS = ["UNEP", "Ramsar", "CITES", "CBD", "the BLG", "AEWA", "IUCN"]
BODIES_BY_STRAND = {
    1: [["CMS Sec."], ["CMS Sec.", "NFPs"], ["CMS Sec.", "NFPs", "other relevant partners"]],
    2: [["CMS Sec.", "ScC"], ["CMS Sec.", "NFPs", "ScC"], ["CMS Sec.", "UNEP"]],
    3: [["CMS Sec.", "StC"], ["CMS Sec.", "UNEP", "BLG"], ["CMS Sec.", "NFPs"]],
}
DONORS = [
    "European Commission",
    "UNEP",
    "Global Environment Facility",
    "Bird Life International",
    "WWF",
    "Wildlife Conservation Society",
    "Convention on Biological Diversity Secretariat",
]
CITIES = {
    Region.AFRICA: ["Nairobi", "Dakar", "Accra", "Addis Ababa", "Kampala", "Abidjan"],
    Region.ASIA: ["Bangkok", "Abu Dhabi", "Manila", "Tashkent", "New Delhi", "Islamabad"],
    Region.CSA: ["Lima", "Quito", "San José", "Santiago", "Panama City", "Bogotá"],
    Region.EUROPE: ["Bonn", "Tbilisi", "Sofia", "Kyiv", "Rome", "Tirana"],
    Region.NORTH_AMERICA: ["Ottawa", "Washington"],
    Region.OCEANIA: ["Apia", "Suva", "Canberra", "Wellington"],
}
REGION_LANGUAGES = {
    Region.AFRICA: ["en", "fr", "ar", "pt"],
    Region.ASIA: ["en", "ar", "ru", "zh"],
    Region.CSA: ["es", "en", "pt"],
    Region.EUROPE: ["en", "fr", "ru"],
    Region.NORTH_AMERICA: ["en"],
    Region.OCEANIA: ["en", "fr"],
}
FIRST_NAMES = ["Amina", "Carlos", "Mei", "Olga", "Kwame", "Lucía", "Aroha", "Jean", "Fatima"]
LAST_NAMES = ["Okafor", "Herrera", "Chen", "Petrova", "Mensah", "Díaz", "Ngata", "Dupont", "Haddad"]
QUESTIONS = [
    ("rating_1_5", "How relevant was the activity to your country's needs?"),
    ("rating_1_5", "How useful were the training materials?"),
    ("rating_1_5", "How well did the trainers explain CMS obligations?"),
    ("rating_1_5", "How well was the activity organised?"),
    ("rating_1_5", "How confident are you now in implementing CMS instruments?"),
    ("rating_1_5", "How well did the activity reach women and men alike?"),
    ("rating_1_5", "How useful was the CMS Handbook for this work?"),
    ("rating_1_5", "How likely is your institution to apply what was learnt?"),
    ("yes_no", "Was the activity held in a language your staff work in?"),
    ("yes_no", "Have you shared the materials with colleagues?"),
    ("yes_no", "Has your country changed a procedure as a result?"),
    ("yes_no", "Would you take part in a follow-up training?"),
    ("single", "Which format suits your country best?"),
    ("single", "How often should such trainings be held?"),
    ("single", "Who in your country benefited most?"),
    ("multiple", "Which topics should a follow-up cover?"),
    ("multiple", "Which partners should be involved?"),
    ("number", "How many officials in your country have used what was learnt?"),
    ("text", "What should the Secretariat change next time?"),
]
CHOICES = {
    "Which format suits your country best?": ["Regional workshop", "National workshop", "Online"],
    "How often should such trainings be held?": ["Every year", "Every triennium", "When needed"],
    "Who in your country benefited most?": ["Focal point", "Ministry staff", "Field staff"],
    "Which topics should a follow-up cover?": [
        "National reporting",
        "Species listing",
        "Bycatch",
        "Illegal killing",
        "Flyway management",
    ],
    "Which partners should be involved?": ["UNEP", "Ramsar", "CITES", "CBD", "NGOs"],
}
COMMENTS = [
    "More time for country case studies.",
    "Send the materials before the workshop.",
    "Hold the next training in French as well.",
    "Involve customs officers.",
    "Shorter sessions, more field practice.",
]
PURPOSES = [
    (Questionnaire.Purpose.TRAINING_IMPACT, "Training impact evaluation"),
    (Questionnaire.Purpose.HANDBOOK_USE, "Handbook use survey"),
    (Questionnaire.Purpose.PROGRESS, "Capacity-building progress survey"),
    (Questionnaire.Purpose.JOINT_ASSESSMENT, "Joint assessment with partner conventions"),
]
INDICATOR_TEMPLATES = [
    ("Parties that submitted a needs assessment", "%", "needs_submitted_share"),
    ("Trainees trained", "trainees", "trainees_total"),
    ("Share of trainees who are women", "%", "trainees_women_share"),
    ("Countries reached by trainings", "countries", "countries_reached"),
    ("Share of activities completed", "%", "activities_completed_share"),
    ("Budget covered by contributions", "%", "budget_covered_share"),
    ("National reports submitted on time", "%", ""),
    ("Handbook copies distributed", "copies", ""),
    ("Officials applying CMS guidance", "officials", ""),
    ("Trainers certified", "trainers", ""),
]
CHAPTERS = [
    "Introduction to CMS",
    "The Appendices and listing",
    "Agreements and MOUs",
    "National reporting",
    "Integrating migratory species into NBSAPs",
    "Flyways and migration routes",
    "Threats: bycatch, illegal killing, infrastructure",
    "Funding and project design",
]


# --- Helpers --------------------------------------------------------------------------------


def _bulk(objs, model, **options):
    """bulk_create, with the audit history when the model keeps one."""
    if hasattr(model._meta, "simple_history_manager_attribute"):
        return bulk_create_with_history(objs, model, batch_size=BATCH, **options)
    return model.objects.bulk_create(objs, batch_size=BATCH)


def _split(total, parts):
    """``total`` spread over ``parts`` as evenly as integers allow (larger shares first)."""
    base, extra = divmod(total, parts)
    return [base + (1 if index < extra else 0) for index in range(parts)]


def _day(rng, start, end):
    return start + timedelta(days=rng.randrange((end - start).days + 1))


def _moment(day, hour=10):
    return datetime.combine(day, dtime(hour, 0), tzinfo=UTC)


def _money(rng, low, high, step=500):
    return Decimal(rng.randrange(low // step, high // step + 1) * step)


@dataclass
class Context:
    rng: random.Random
    scale: Scale
    out: object
    today: date
    secretariat: object = None
    parties: list = None
    nfp_users: dict = None
    plans: list = None  # (WorkPlan, [Activity]) oldest first
    # Planned dates, progress updates and the contributions' total: a stream of their own,
    # so that the other steps' data does not change with them.
    plan_rng: random.Random = None


# --- Steps ----------------------------------------------------------------------------------


def _guard():
    User = get_user_model()
    if User.objects.filter(username=DEMO_SECRETARIAT).exists():
        raise DemoDataExists(
            "This database already holds demo data (the login "
            f"{DEMO_SECRETARIAT!r} exists). seed_demo fills a database once: run it on a fresh "
            "database (`migrate` on an empty one) to seed again."
        )


def _reference_lists():
    """The lookup lists and conventions the migrations create, in case a flush emptied them."""
    for module, function in (
        ("needs.migrations.0002_seed_lookups", "seed"),
        ("evaluation.migrations.0002_conventions", "add_conventions"),
    ):
        getattr(importlib.import_module(module), function)(apps, None)


def _parties(ctx):
    countries_load()
    parties = list(Country.objects.parties().order_by("iso2"))
    short = ctx.scale.parties - len(parties)
    if short > 0:
        extra = [iso for iso in EXTRA_PARTIES if iso not in {c.iso2 for c in parties}][:short]
        Country.objects.filter(iso2__in=extra).update(is_party=True)
        parties = list(Country.objects.parties().order_by("iso2"))
    if len(parties) > ctx.scale.parties:
        parties = sorted(ctx.rng.sample(parties, ctx.scale.parties), key=lambda c: c.iso2)
    return parties


def _users(ctx, password):
    """Demo logins through the service; one NFP login per Party in bulk (no usable password)."""
    for username, role, needs_country in DEMO_LOGINS:
        user = user_create(
            username=username,
            role=role,
            password=password,
            email=f"{username}@example.org",
            country=ctx.parties[0] if needs_country else None,
        )
        if role == "secretariat":
            ctx.secretariat = user
    User = get_user_model()
    existing = set(FocalPoint.objects.values_list("country_id", flat=True))
    new = [
        User(
            username=f"nfp-{country.iso2.lower()}",
            email=f"nfp-{country.iso2.lower()}@example.org",
            first_name=ctx.rng.choice(FIRST_NAMES),
            last_name=ctx.rng.choice(LAST_NAMES),
            password="!demo",  # unusable: NFP logins are made usable by the Secretariat
        )
        for country in ctx.parties
        if country.pk not in existing
    ]
    User.objects.bulk_create(new)
    users = {u.username: u for u in User.objects.filter(username__startswith="nfp-")}
    group = Group.objects.get(name=roles.NFP)
    Through = User.groups.through
    Through.objects.bulk_create([Through(user_id=u.pk, group_id=group.pk) for u in users.values()])
    bulk_create_with_history(
        [
            FocalPoint(user=users[f"nfp-{c.iso2.lower()}"], country=c, since=date(1997, 1, 1))
            for c in ctx.parties
            if c.pk not in existing
        ],
        FocalPoint,
        default_user=ctx.secretariat,
    )
    ctx.nfp_users = {
        fp.country_id: fp.user
        for fp in FocalPoint.objects.filter(country__in=ctx.parties)
        .select_related("user")
        .order_by("country_id", "-is_main", "pk")
    }


def _plan_json(ctx, start, end, activity_count, path):
    """A transcription of a generated work plan, in the format ``workplan_load`` reads."""
    rng = ctx.rng
    # Each topic in English, French and Spanish (French and Spanish fall back to English).
    topics = [
        (en, fr or en, es or en)
        for en, fr, es in TrainingTopic.objects.order_by("order", "name_en").values_list(
            "name_en", "name_fr", "name_es"
        )
    ]
    bodies = [{"code": b.code, "name": b.name, "kind": b.kind} for b in Body.objects.order_by("pk")]
    strands = []
    translated = {"fr": {"strands": {}, "activities": {}}, "es": {"strands": {}, "activities": {}}}
    for number, ((title, objective, patterns), count) in enumerate(
        zip(STRANDS, _split(activity_count, 3), strict=True), start=1
    ):
        activities = []
        for index in range(1, count + 1):
            pattern = patterns[(index - 1) % len(patterns)]
            low = rng.randrange(10, 100) * 1000
            budget_text = rng.choice(
                [
                    f"US$ {low:,}-{low + rng.randrange(5, 60) * 1000:,}",
                    f"Around US${low:,} including translation costs.",
                    f"US$ {low:,}-{low * 2:,} per regional training, depending on the region.",
                    "No additional funds required provided that the CB Unit staff numbers "
                    "retained.",
                    "Shall be determined according to the need.",
                ]
            )
            topic = rng.choice(topics)
            region = rng.choice(Region.choices)
            language = rng.choice(["French", "Spanish", "Arabic", "Russian"])
            partner = rng.choice(PARTNERS)
            bodies_chosen = rng.choice(BODIES_BY_STRAND[number])
            for index_language, code in enumerate(("fr", "es")):
                with translation.override(code):
                    translated[code]["activities"][f"{number}.{index}"] = {
                        "title": tr.ACTIVITY_PATTERNS[pattern][index_language].format(
                            topic=topic[1 + index_language].split(" (")[0],
                            region=str(region[1]),
                            language=tr.LANGUAGE_NAMES[language][index_language],
                            partner=partner,
                        )[:300],
                        "methodology": tr.METHODOLOGY[1 + index_language].format(
                            start=start, end=end
                        ),
                        "responsibility": ", ".join(
                            tr.BODY_CODES[code][index_language] for code in bodies_chosen
                        ),
                    }
            activities.append(
                {
                    "code": f"{number}.{index}",
                    "title": pattern.format(
                        topic=topic[0].split(" (")[0],
                        region=str(region[1]),
                        language=language,
                        partner=partner,
                    )[:300],
                    "responsibility": ", ".join(bodies_chosen),
                    "bodies": rng.choice(BODIES_BY_STRAND[number]),
                    "methodology": f"Carried out by the CMS Secretariat with the Parties, "
                    f"{start}-{end}.",
                    "budget_text": budget_text,
                    "budget_basis": "per regional training" if "regional" in budget_text else "",
                    "phase": rng.choice(Phase.values),
                    "depends_on": [f"{number}.{index - 1}"] if index > 1 and index % 3 else [],
                }
            )
        strands.append(
            {"number": number, "title": title, "objective": objective, "activities": activities}
        )
        for index_language, code in enumerate(("fr", "es")):
            translated[code]["strands"][str(number)] = {
                "title": tr.STRANDS[title][index_language],
                "objective": tr.STRANDS[objective][index_language],
            }
    symbol = rng.randrange(12, 25)
    data = {
        "slug": f"{start}-{end}",
        "title": f"CMS Capacity Building Work Plan {start}-{end}",
        "start_year": start,
        "end_year": end,
        "adopted_by": f"Meeting of the Conference of the Parties, November {start - 1}",
        "adopted_on": f"{start - 1}-11-20",
        "document_symbol": f"COP Agenda Item {symbol}",
        "introduction": f"The capacity-building work plan of CMS for the triennium {start}-{end}.",
        "bodies": bodies,
        "strands": strands,
    }
    path.write_text(json.dumps(data), encoding="utf-8")
    # Beside it, the French and Spanish that workplan_load fills in.
    for index_language, code in enumerate(("fr", "es"), start=1):
        translated[code]["language"] = code
        translated[code]["workplan"] = {
            "adopted_by": tr.ADOPTED_BY[index_language].format(year=start - 1),
            "document_symbol": tr.DOCUMENT_SYMBOL[index_language].format(n=symbol),
            "title": tr.PLAN_TITLE[index_language].format(start=start, end=end),
            "introduction": tr.PLAN_INTRODUCTION[index_language].format(start=start, end=end),
        }
        path.with_suffix(f".{code}.json").write_text(json.dumps(translated[code]), encoding="utf-8")


def _workplans(ctx):
    """The real 2012-2014 plan plus generated ones, all through ``workplan_load``."""
    rng, scale = ctx.rng, ctx.scale
    _real, _report = workplan_load()
    real_count = Activity.objects.filter(strand__workplan=_real).count()
    others = [t for t in TRIENNIA if t != REAL_PLAN]
    others = others[len(others) - max(scale.workplans - 1, 1) :]
    chosen = sorted([*others, REAL_PLAN])
    counts = _split(max(scale.activities - real_count, 3 * len(others)), len(others))
    bar = ProgressBar("work plans", len(others), ctx.out)
    with tempfile.TemporaryDirectory() as folder:
        for (start, end), count in zip(others, counts, strict=True):
            path = Path(folder) / f"{start}.json"
            _plan_json(ctx, start, end, count, path)
            workplan_load(path=path)
            bar.advance()
    bar.close()
    ctx.plans = []
    changed = []
    for start, end in chosen:
        plan = WorkPlan.objects.get(start_year=start, end_year=end)
        activities = list(Activity.objects.filter(strand__workplan=plan).select_related("strand"))
        untouched = all(a.status == Status.NOT_STARTED for a in activities)
        if untouched:
            # The draws of the former end-of-triennium status, kept so that every later step
            # gets the same random stream (and the same demo data) as before.
            for _activity in activities:
                if end < ctx.today.year:
                    rng.choices(range(3), [85, 10, 5])
                else:
                    rng.choice(range(4))
            _plan_dates(ctx, plan, activities)
            changed.extend(activities)
        ctx.plans.append((plan, activities))
    bulk_update_with_history(
        changed,
        Activity,
        ["status", "phase", "planned_start", "planned_end"],
        default_user=ctx.secretariat,
        default_change_reason="Dates and status of the triennium (demo data)",
    )
    updates = []
    for _plan, activities in ctx.plans:
        for activity in activities:
            for _step in range(rng.randrange(1, 4)):  # the former updates' draws, as above
                rng.randrange(1, 13)
                rng.randrange(1, 29)
            updates.extend(_updates(ctx, activity))
    bulk_create_with_history(
        updates, ProgressUpdate, batch_size=BATCH, default_user=ctx.secretariat
    )


def _plan_dates(ctx, plan, activities):
    """Planned dates staggered through the triennium (each strand's steps follow one another,
    4 to 14 months each), and a status that fits them and today."""
    rng = ctx.plan_rng
    first, last = date(plan.start_year, 1, 1), date(plan.end_year, 12, 31)
    span = (last - first).days
    by_strand = defaultdict(list)
    for activity in activities:
        by_strand[activity.strand.number].append(activity)
    for strand_activities in by_strand.values():
        strand_activities.sort(key=lambda a: [int(part) for part in a.code.split(".")])
        count = len(strand_activities)
        for index, activity in enumerate(strand_activities):
            offset = span * index // (count + 1) + rng.randrange(-45, 60)
            begin = first + timedelta(days=max(offset, 0) + rng.randrange(0, 30))
            length = timedelta(days=rng.randrange(120, 430))
            activity.planned_start = begin
            activity.planned_end = min(begin + length, last)
            if activity.planned_end < ctx.today:
                weights = [80, 10, 5, 5] if plan.end_year >= ctx.today.year else [88, 2, 3, 7]
                activity.status = rng.choices(
                    [Status.COMPLETED, Status.IN_PROGRESS, Status.ON_HOLD, Status.CANCELLED],
                    weights,
                )[0]
            elif activity.planned_start < ctx.today:
                activity.status = rng.choices(
                    [Status.IN_PROGRESS, Status.COMPLETED, Status.ON_HOLD], [80, 10, 10]
                )[0]
            else:
                activity.status = Status.NOT_STARTED
            activity.phase = {
                Status.NOT_STARTED: Phase.PLANNING,
                Status.COMPLETED: Phase.FEEDBACK,
            }.get(activity.status, rng.choice([Phase.CONSTRUCTION, Phase.IMPLEMENTATION]))
            activity._history_date = _moment(min(activity.planned_start, ctx.today))


def _updates(ctx, activity):
    """Progress updates that tell the activity's story: when it started (a little before or
    after the plan), and when it was completed or put on hold."""
    rng = ctx.plan_rng
    if activity.status == Status.NOT_STARTED:
        return []
    started = activity.planned_start + timedelta(days=rng.randrange(-30, 90))
    started = min(started, ctx.today - timedelta(days=1))
    steps = [(started, Status.IN_PROGRESS, Phase.CONSTRUCTION)]
    if activity.status == Status.COMPLETED:
        done = activity.planned_end + timedelta(days=rng.randrange(-60, 120))
        done = max(min(done, ctx.today - timedelta(days=1)), started + timedelta(days=30))
        steps.append((done, Status.COMPLETED, Phase.FEEDBACK))
    elif activity.status in (Status.ON_HOLD, Status.CANCELLED):
        stopped = started + timedelta(days=rng.randrange(30, 200))
        steps.append((min(stopped, ctx.today), activity.status, activity.phase))
    elif rng.random() < 0.6:
        middle = started + (ctx.today - started) / 2
        steps.append((middle, Status.IN_PROGRESS, activity.phase))
    rows = []
    for day, status, phase in steps:
        update = ProgressUpdate(
            activity=activity,
            date=day,
            phase=phase,
            status=status,
            note=rng.choice(UPDATE_NOTES[status]).format(day=day, code=activity.code),
            author=ctx.secretariat,
        )
        update._history_date = _moment(day)
        rows.append(update)
    return rows


UPDATE_NOTES = {
    Status.IN_PROGRESS: [
        "Work started with the focal points concerned; terms of reference agreed.",
        "Consultant recruited and first drafts circulated to the Parties.",
        "Progress reported to the Standing Committee.",
    ],
    Status.COMPLETED: [
        "Completed; the outputs were shared with the Parties and the Scientific Council.",
        "Completed and evaluated with the participants' questionnaires.",
    ],
    Status.ON_HOLD: ["On hold until earmarked funds are received."],
    Status.CANCELLED: ["Cancelled: merged into a joint activity with a partner convention."],
}


def _contributions(ctx):
    """Contributions that add up to 50-120 % of each plan's estimate: some strands under-
    funded, a few over, so the funding gap means something."""
    rng = ctx.rng
    counts = _split(ctx.scale.contributions, len(ctx.plans))
    rows = []
    for (plan, activities), count in zip(ctx.plans, counts, strict=True):
        plan_rows = []
        for _index in range(count):
            earmarked = rng.random() < 0.7
            donor_country = rng.choice(ctx.parties) if rng.random() < 0.75 else None
            day = _day(rng, date(plan.start_year, 1, 1), date(plan.end_year, 12, 31))
            contribution = Contribution(
                workplan=plan,
                donor=f"Government of {donor_country.name}"
                if donor_country
                else rng.choice(DONORS),
                donor_country=donor_country,
                amount_usd=_money(rng, 5_000, 150_000),
                state=Contribution.State.RECEIVED
                if day < ctx.today - timedelta(days=180) or rng.random() < 0.5
                else Contribution.State.PLEDGED,
                kind=Contribution.Kind.EARMARKED if earmarked else Contribution.Kind.CORE,
                activity=rng.choice(activities) if earmarked else None,
                date=day,
            )
            contribution._history_date = _moment(day)
            plan_rows.append(contribution)
        # Scaled to the plan's estimate (the top of its range), in steps of US$500.
        estimate = sum((a.budget_max or Decimal(0) for a in activities), Decimal(0))
        target = (estimate or Decimal(200_000)) * ctx.plan_rng.randrange(50, 121) / 100
        drawn = sum((c.amount_usd for c in plan_rows), Decimal(0)) or Decimal(1)
        for contribution in plan_rows:
            share = contribution.amount_usd * target / drawn
            contribution.amount_usd = max((share / 500).quantize(Decimal(1)) * 500, Decimal(500))
        rows.extend(plan_rows)
    bulk_create_with_history(rows, Contribution, batch_size=BATCH, default_user=ctx.secretariat)


def _lookups():
    return {
        "topics": list(TrainingTopic.objects.order_by("order", "name")),
        "types": list(TrainingType.objects.order_by("order", "name")),
        "groups": list(TargetGroup.objects.order_by("order", "name")),
        "languages": {lang.code: lang for lang in Language.objects.all()},
    }


def _need(rng, lookups, country, response):
    language = lookups["languages"].get(rng.choice(REGION_LANGUAGES[country.region]))
    return TrainingNeed(
        response=response,
        topic=rng.choice(lookups["topics"]),
        priority=rng.choices([1, 2, 3, 4, 5], [5, 10, 25, 35, 25])[0],
        urgency=rng.choices([1, 2, 3], [20, 45, 35])[0],
        scope=rng.choices(Scope.values, [40, 25, 35])[0],
        training_type=rng.choice(lookups["types"]),
        target_group=rng.choice(lookups["groups"]),
        language=language or lookups["languages"]["en"],
        expected_trainees=rng.randrange(5, 45),
        note="",
    )


def _rounds(ctx):
    """Two rounds per triennium; every Party answers each. The current one via the service."""
    rng, lookups = ctx.rng, _lookups()
    rounds = []
    per_plan = _split(ctx.scale.rounds, len(ctx.plans))
    for (plan, _activities), count in zip(ctx.plans, per_plan, strict=True):
        for index in range(count):
            year = plan.start_year + min(index, 2)
            opens = date(year, 2, 1)
            closes = date(year, 5, 31)
            current = plan is ctx.plans[-1][0] and index == count - 1
            if current:  # stays open around today so focal points can use the demo
                opens, closes = ctx.today - timedelta(days=30), ctx.today + timedelta(days=60)
            suffix = f" ({index + 1})" if index >= 3 else ""
            assessment_round = AssessmentRound(
                workplan=plan,
                **{
                    f"title_{code}": tr.ROUND_TITLE[n].format(year=year) + suffix
                    for n, code in enumerate(("en", "fr", "es"))
                },
                **{
                    f"instructions_{code}": tr.ROUND_INSTRUCTIONS[n]
                    for n, code in enumerate(("en", "fr", "es"))
                },
                opens_on=opens,
                closes_on=closes,
            )
            assessment_round.full_clean()
            assessment_round.save()
            rounds.append((plan, assessment_round, current))
    total = len(rounds) * len(ctx.parties)
    bar = ProgressBar("needs responses", total, ctx.out)
    needs_by_round = {}
    for _plan, assessment_round, current in rounds:
        if current:
            needs_by_round[assessment_round.pk] = []
            _current_round(ctx, assessment_round, lookups, bar)
            continue
        responses = []
        for country in ctx.parties:
            submitted = _moment(_day(rng, assessment_round.opens_on, assessment_round.closes_on))
            response = CountryResponse(
                round=assessment_round,
                country=country,
                status=rng.choices(
                    [CountryResponse.Status.ACCEPTED, CountryResponse.Status.SUBMITTED], [85, 15]
                )[0],
                existing_capacities=f"The {country.name} wildlife authority runs national "
                "courses; two universities teach conservation biology.",
                ongoing_initiatives="Ramsar and CBD national programmes; a GEF flyway project.",
                constraints_and_gaps="Few staff trained on CMS instruments; reporting is late.",
                updated_by=ctx.nfp_users[country.pk],
                submitted_at=submitted,
                submitted_by=ctx.nfp_users[country.pk],
            )
            response._history_date = submitted
            response._history_user = ctx.nfp_users[country.pk]
            responses.append(response)
        responses = bulk_create_with_history(responses, CountryResponse, batch_size=BATCH)
        needs = []
        for response, country in zip(responses, ctx.parties, strict=True):
            for _index in range(rng.randint(*ctx.scale.needs_per_response)):
                need = _need(rng, lookups, country, response)
                need._history_date = response.submitted_at
                need._history_user = ctx.nfp_users[country.pk]
                needs.append(need)
        bulk_create_with_history(needs, TrainingNeed, batch_size=BATCH)
        needs_by_round[assessment_round.pk] = needs
        bar.advance(len(responses))
    bar.close()
    return [(plan, r, needs_by_round[r.pk]) for plan, r, _current in rounds]


def _current_round(ctx, assessment_round, lookups, bar):
    """The open round through the NFPs' own service: most submitted, some drafts, some silent."""
    rng = ctx.rng
    for country in ctx.parties:
        state = rng.choices(["submitted", "draft", "none"], [60, 25, 15])[0]
        if state != "none":
            needs = []
            for _index in range(rng.randint(*ctx.scale.needs_per_response)):
                need = _need(rng, lookups, country, None)
                needs.append({name: getattr(need, name) for name in needs_services.NEED_FIELDS})
            save = (
                needs_services.response_submit
                if state == "submitted"
                else needs_services.response_save_draft
            )
            save(
                assessment_round=assessment_round,
                country=country,
                user=ctx.nfp_users[country.pk],
                answers={
                    "existing_capacities": f"{country.name}: a national wildlife service with "
                    "a training unit.",
                    "constraints_and_gaps": "Staff turnover; little funding for travel.",
                },
                needs=needs,
            )
        bar.advance()


def _programmes(ctx, rounds):
    """Programmes from prioritised needs (through the service), their modules and events."""
    rng, lookups = ctx.rng, _lookups()
    past = [(plan, needs) for plan, _round, needs in rounds if needs]
    bar = ProgressBar("programmes and events", ctx.scale.programmes + ctx.scale.events, ctx.out)
    programmes = []
    for index in range(ctx.scale.programmes):
        plan, needs = past[index % len(past)]
        pick = rng.choice(needs)
        region = pick.response.country.region
        chosen = [
            n for n in needs if n.topic_id == pick.topic_id and n.response.country.region == region
        ][:12]
        programme = needs_services.programme_create_from_needs(needs=chosen)
        programme.objective = (
            f"Officials in {Region(region).label} able to apply CMS guidance on {pick.topic.name}."
        )
        programme.facilitator = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
        low = _money(rng, 20_000, 60_000, 1000)
        programme.budget_min, programme.budget_max = low, low + _money(rng, 5_000, 40_000, 1000)
        if plan.end_year < ctx.today.year:
            programme.impact_evaluated_on = date(plan.end_year, 11, 15)
        programme._history_date = _moment(date(plan.start_year, 9, 1))
        programmes.append((plan, programme))
        bar.advance()
    bulk_update_with_history(
        [p for _plan, p in programmes],
        TrainingProgramme,
        ["objective", "facilitator", "budget_min", "budget_max", "impact_evaluated_on"],
        default_user=ctx.secretariat,
        default_change_reason="Programme designed (1.3)",
    )
    modules = []
    for _plan, programme in programmes:
        for order in range(1, 4):
            modules.append(
                Module(
                    programme=programme,
                    title=f"Module {order}: {rng.choice(lookups['topics']).name}"[:200],
                    topic=rng.choice(lookups["topics"]),
                    tools_and_materials="Slides, case studies, a field exercise.",
                    language=rng.choice(list(lookups["languages"].values())),
                    order=order,
                )
            )
    _bulk(modules, Module, default_user=ctx.secretariat)

    events, participants = [], []
    for index in range(ctx.scale.events):
        tot = index % 10 == 9 or not programmes
        if tot:  # trainings of trainers serve every plan, the current one first: its
            # round is still open, so it has no programmes yet but has trainings held.
            plan, programme = ctx.plans[-1 - (index // 10) % len(ctx.plans)][0], None
        else:
            plan, programme = programmes[index % len(programmes)]
        region = rng.choice(Region.values)
        host = rng.choice([c for c in ctx.parties if c.region == region] or ctx.parties)
        start = _day(rng, date(plan.start_year, 3, 1), date(plan.end_year, 10, 31))
        days = rng.choices([2, 3, 4, 5], [10, 45, 40, 5])[0]
        women = rng.randrange(6, 22)
        kind = (
            TrainingEvent.Kind.TOT
            if tot
            else TrainingEvent.Kind.NATIONAL
            if programme.scope == Scope.NATIONAL
            else TrainingEvent.Kind.REGIONAL
        )
        estimated = (
            _money(rng, 45_000, 90_000, 1000)
            if kind != "national"
            else _money(rng, 10_000, 30_000, 1000)
        )
        event = TrainingEvent(
            programme=programme,
            kind=kind,
            title=(programme.title if programme else "Training of trainers on the CMS Handbook")[
                :180
            ]
            + f" — {host.name}"[:20],
            country=host,
            region=region,
            city=rng.choice(CITIES[region]),
            start_date=start,
            end_date=start + timedelta(days=days - 1),
            language=lookups["languages"][rng.choice(REGION_LANGUAGES[region])],
            trainees_women=women,
            trainees_men=rng.randrange(8, 22),
            trainees_other=rng.choices([0, 1, 2], [80, 15, 5])[0],
            trainers="\n".join(
                f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}" for _t in range(2)
            ),
            estimated_cost=estimated,
            actual_cost=(estimated * Decimal(rng.randrange(85, 115)) / 100).quantize(Decimal("1"))
            if start < ctx.today
            else None,
        )
        event._history_date = _moment(start - timedelta(days=60))
        events.append(event)
        participants.append(
            sorted(
                {host.pk}
                | {c.pk for c in rng.sample(ctx.parties, min(len(ctx.parties), rng.randrange(9)))}
            )
        )
    events = bulk_create_with_history(
        events, TrainingEvent, batch_size=BATCH, default_user=ctx.secretariat
    )
    Through = TrainingEvent.participating_countries.through
    Through.objects.bulk_create(
        [
            Through(trainingevent_id=event.pk, country_id=country_id)
            for event, countries in zip(events, participants, strict=True)
            for country_id in countries
        ],
        batch_size=BATCH,
    )
    bar.advance(len(events))
    bar.close()
    return events


def _questions_for(template, count):
    rows = []
    for order, (kind, text) in enumerate(QUESTIONS[:count], start=1):
        rows.append(
            Question(
                questionnaire=template,
                order=order,
                text_en=text,
                text_fr=tr.QUESTIONS[text][0],
                text_es=tr.QUESTIONS[text][1],
                kind=kind,
                required=kind != "text",
                choices_en="\n".join(CHOICES.get(text, [])),
                choices_fr="\n".join(tr.CHOICES[c][0] for c in CHOICES.get(text, [])),
                choices_es="\n".join(tr.CHOICES[c][1] for c in CHOICES.get(text, [])),
            )
        )
    return rows


def _answer_value(rng, question):
    kind = question.kind
    if kind == "rating_1_5":
        return rng.choices([1, 2, 3, 4, 5], [3, 7, 20, 40, 30])[0]
    if kind == "yes_no":
        return rng.random() < 0.7
    if kind == "single":
        return rng.choice(question.choice_list)
    if kind == "multiple":
        options = question.choice_list
        return [c for c in options if rng.random() < 0.4] or [options[0]]
    if kind == "number":
        return rng.randrange(0, 60)
    return rng.choice(COMMENTS)


def _questionnaires(ctx, events):
    """Questionnaires built from four templates (``questionnaire_copy``), answered by every
    Party; the latest through ``response_submit``, the others in bulk."""
    rng = ctx.rng
    count = ctx.scale.questionnaires
    per_plan = _split(count, len(ctx.plans))
    events_by_plan = defaultdict(list)
    for event in events:
        if event.programme_id:
            events_by_plan[event.start_date.year].append(event)
    templates = {}
    questionnaires = []
    for (plan, activities), n in zip(ctx.plans, per_plan, strict=True):
        strand3 = [a for a in activities if a.strand.number == 3] or activities
        for index in range(n):
            purpose, label = PURPOSES[index % len(PURPOSES)]
            year = plan.start_year + index * 3 // max(n, 1)
            opens = date(year, 6, 1) + timedelta(days=index * 20)
            closes = opens + timedelta(days=45)
            held = [e for y in range(plan.start_year, year + 1) for e in events_by_plan[y]]
            event = rng.choice(held) if held and purpose == PURPOSES[0][0] else None
            where = f" — {event.city}" if event else ""
            title = f"{label} {year}{where}"
            titles = {
                code: f"{tr.PURPOSES[label][n]} {year}{where}"
                for n, code in enumerate(("fr", "es"))
            }
            if purpose not in templates:
                template = Questionnaire(
                    title_en=title,
                    title_fr=titles["fr"],
                    title_es=titles["es"],
                    purpose=purpose,
                    activity=rng.choice(strand3),
                    training_event=event,
                    audience=Questionnaire.Audience.NFPS,
                    **{
                        f"introduction_{code}": tr.QUESTIONNAIRE_INTRODUCTION[n]
                        for n, code in enumerate(("en", "fr", "es"))
                    },
                    opens_on=opens,
                    closes_on=closes,
                )
                template.full_clean()
                template.save()
                _bulk(
                    _questions_for(template, ctx.scale.questions),
                    Question,
                    default_user=ctx.secretariat,
                )
                templates[purpose] = template
                questionnaires.append(template)
                continue
            copy = evaluation_services.questionnaire_copy(
                questionnaire=templates[purpose],
                title=title,
                titles=titles,
                opens_on=opens,
                closes_on=closes,
                activity=rng.choice(strand3),
            )
            if copy.training_event_id != (event.pk if event else None):
                copy.training_event = event
                copy.save(update_fields=["training_event"])
            questionnaires.append(copy)
    questions = defaultdict(list)
    for question in Question.objects.filter(questionnaire__in=questionnaires).order_by(
        "questionnaire_id", "order"
    ):
        questions[question.questionnaire_id].append(question)

    bar = ProgressBar("questionnaire answers", len(questionnaires) * len(ctx.parties), ctx.out)
    for position, questionnaire in enumerate(questionnaires):
        asked = questions[questionnaire.pk]
        if position == len(questionnaires) - 1:
            # The latest one through the service a focal point's form calls.
            for country in ctx.parties:
                evaluation_services.response_submit(
                    questionnaire=questionnaire,
                    user=ctx.nfp_users[country.pk],
                    answers={q.pk: _answer_value(rng, q) for q in asked},
                    today=questionnaire.opens_on + timedelta(days=5),
                )
                bar.advance()
            continue
        responses = []
        for country in ctx.parties:
            submitted = _moment(_day(rng, questionnaire.opens_on, questionnaire.closes_on), 14)
            response = Response(
                questionnaire=questionnaire,
                respondent=ctx.nfp_users[country.pk],
                country=country,
                status=Response.Status.SUBMITTED,
                submitted_at=submitted,
            )
            response._history_date = submitted
            response._history_user = ctx.nfp_users[country.pk]
            responses.append(response)
        responses = bulk_create_with_history(responses, Response, batch_size=BATCH)
        answers = []
        for response in responses:
            for question in asked:
                value = _answer_value(rng, question)
                answer = Answer(
                    response=response,
                    question=question,
                    number=Decimal(value) if question.kind in ("rating_1_5", "number") else None,
                    yes=value if question.kind == "yes_no" else None,
                    text=value if question.kind in ("single", "text") else "",
                    choices=value if question.kind == "multiple" else [],
                )
                answer._history_date = response.submitted_at
                answer._history_user = response.respondent
                answers.append(answer)
        _bulk(answers, Answer)
        bar.advance(len(responses))
    bar.close()


def _trainees(ctx, events):
    """Nominations behind every training's counts, and tests answered by invitation."""
    by_plan = {plan.pk: (plan, activities) for plan, activities in ctx.plans}

    def activity_for(event):
        plan_id = event.programme.workplan_id if event.programme_id else None
        if plan_id is None:
            plan_id = next(
                (
                    p.pk
                    for p, _a in ctx.plans
                    if p.start_year <= event.start_date.year <= p.end_year
                ),
                ctx.plans[-1][0].pk,
            )
        activities = by_plan[plan_id][1]
        return next((a for a in activities if a.code == "1.5"), activities[0])

    bar = ProgressBar("trainees and tests", 1, ctx.out)
    trainees_seed(
        ctx,
        events,
        first_names=FIRST_NAMES,
        last_names=LAST_NAMES,
        moment=_moment,
        activity_for=activity_for,
    )
    bar.close()


def _indicators(ctx):
    rng = ctx.rng
    conventions = list(Convention.objects.order_by("code"))
    per_plan = _split(ctx.scale.indicators, len(ctx.plans))
    indicators, shared = [], []
    for (plan, activities), count in zip(ctx.plans, per_plan, strict=True):
        for index in range(count):
            name, unit, computed = INDICATOR_TEMPLATES[index % len(INDICATOR_TEMPLATES)]
            round_ = index // len(INDICATOR_TEMPLATES)
            activity = rng.choice(activities)
            baseline = Decimal(rng.randrange(0, 40))
            indicator = Indicator(
                workplan=plan,
                code=f"{activity.strand.number}.{index + 1:02d}",
                name=name + (f", activity {activity.code}" if round_ else ""),
                description=f"Measured for the {plan.period} triennium.",
                unit=unit,
                strand=activity.strand,
                activity=activity,
                baseline=baseline,
                baseline_date=date(plan.start_year, 1, 1),
                target=baseline + rng.randrange(20, 60),
                target_date=date(plan.end_year, 12, 31),
                computed=computed if not round_ else "",
            )
            indicator._history_date = _moment(date(plan.start_year, 1, 15))
            indicators.append(indicator)
            shared.append(rng.sample(conventions, rng.randrange(0, 3)))
    indicators = bulk_create_with_history(
        indicators, Indicator, batch_size=BATCH, default_user=ctx.secretariat
    )
    Through = Indicator.shared_with.through
    Through.objects.bulk_create(
        [
            Through(indicator_id=i.pk, convention_id=c.pk)
            for i, conventions_ in zip(indicators, shared, strict=True)
            for c in conventions_
        ]
    )
    measurements = []
    for indicator in indicators:
        span = (indicator.target_date - indicator.baseline_date).days
        for step in range(ctx.scale.measurements):
            day = indicator.baseline_date + timedelta(
                days=span * (step + 1) // (ctx.scale.measurements + 1)
            )
            progress = (indicator.target - indicator.baseline) * (step + 1)
            value = indicator.baseline + progress / ctx.scale.measurements
            measurement = Measurement(
                indicator=indicator,
                date=day,
                value=(value + Decimal(rng.randrange(-3, 4))).quantize(Decimal("0.01")),
                source=rng.choice(["National reports", "Training records", "Survey"]),
            )
            measurement._history_date = _moment(day)
            measurements.append(measurement)
    bulk_create_with_history(
        measurements, Measurement, batch_size=BATCH, default_user=ctx.secretariat
    )


def _handbook(ctx):
    """A handbook per triennium, editions in the CMS languages, suggestions from NFPs."""
    rng = ctx.rng
    editions = []
    for plan, _activities in ctx.plans:
        handbook_plan = HandbookPlan(
            workplan=plan,
            main_content="CMS, its Appendices and instruments, national reporting, flyways.",
            agreed_on=date(plan.start_year, 4, 1),
            purpose="Build the Parties' capacities; introduce CMS to future Parties.",
        )
        handbook_plan.save()
        HandbookTargetGroup.objects.bulk_create(
            [
                HandbookTargetGroup(plan=handbook_plan, name=name)
                for name in ("National Focal Points", "Future Parties")
            ]
        )
        finished = plan.end_year < ctx.today.year
        for language in ("en", "fr", "es"):
            edition = Edition(
                plan=handbook_plan,
                language=language,
                version=str(plan.start_year),
                status=WorkStatus.PUBLISHED if finished else WorkStatus.DRAFTING,
                publication_date=date(plan.end_year, 6, 1) if finished else None,
                print_run=rng.randrange(5, 30) * 100 if finished else None,
                **handbook_services.edition_budget_defaults(),
            )
            edition._history_date = _moment(date(plan.start_year, 5, 1))
            editions.append((handbook_plan, edition))
    created = bulk_create_with_history(
        [e for _p, e in editions], Edition, default_user=ctx.secretariat
    )
    chapters = [
        Chapter(
            edition=edition,
            number=number,
            title_en=title,
            title_fr=tr.CHAPTERS[title][0],
            title_es=tr.CHAPTERS[title][1],
            lead_author=f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
            status=edition.status
            if edition.status == WorkStatus.PUBLISHED
            else rng.choice(WorkStatus.values),
        )
        for edition in created
        for number, title in enumerate(CHAPTERS, start=1)
    ]
    bulk_create_with_history(chapters, Chapter, default_user=ctx.secretariat)
    distributions = []
    for edition in created:
        if edition.status != WorkStatus.PUBLISHED:
            continue
        for country in rng.sample(ctx.parties, min(3, len(ctx.parties))):
            distributions.append(
                Distribution(
                    edition=edition,
                    country=country,
                    language=edition.language,
                    copies=rng.randrange(1, 20) * 10,
                    date=edition.publication_date + timedelta(days=rng.randrange(10, 200)),
                )
            )
    bulk_create_with_history(distributions, Distribution, default_user=ctx.secretariat)
    latest = editions[-1][0]
    for index in range(ctx.scale.suggestions):
        country = ctx.parties[index % len(ctx.parties)]
        handbook_services.suggestion_create(
            proposer=ctx.nfp_users[country.pk],
            plan=latest,
            theme=f"{rng.choice(CHAPTERS)}: examples from {country.name}",
            text=f"A case study from {country.name} would help other Parties in the region.",
        )


STEPS = (
    ("workplans", "work plans and activities"),
    ("contributions", "contributions"),
    ("rounds", "needs assessments"),
    ("programmes", "training programmes and events"),
    ("questionnaires", "evaluation questionnaires"),
    ("indicators", "indicators and measurements"),
    ("handbook", "handbook"),
)


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
        _guard()
        _reference_lists()
        ctx.parties = _parties(ctx)
        _users(ctx, password)
        _workplans(ctx)
        _contributions(ctx)
        rounds = _rounds(ctx)
        events = _programmes(ctx, rounds)
        _questionnaires(ctx, events)
        _trainees(ctx, events)
        _indicators(ctx)
        _handbook(ctx)
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
