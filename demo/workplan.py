"""Demo work plans: Parties and their focal points, ten triennia of plans loaded through
``workplan_load`` with planned dates, status and progress updates, and contributions."""

import json
import tempfile
from collections import defaultdict
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import translation
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from demo import translations as tr
from demo.base import (
    BATCH,
    FIRST_NAMES,
    LAST_NAMES,
    ProgressBar,
    moment,
    money,
    random_day,
    split,
)
from needs.models import TrainingTopic
from workplan import roles
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


def parties_seed(ctx):
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


def users_seed(ctx, password):
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


def plan_json(ctx, start, end, activity_count, path):
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
        zip(STRANDS, split(activity_count, 3), strict=True), start=1
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


def workplans_seed(ctx):
    """The real 2012-2014 plan plus generated ones, all through ``workplan_load``."""
    rng, scale = ctx.rng, ctx.scale
    _real, _report = workplan_load()
    real_count = Activity.objects.filter(strand__workplan=_real).count()
    others = [t for t in TRIENNIA if t != REAL_PLAN]
    others = others[len(others) - max(scale.workplans - 1, 1) :]
    chosen = sorted([*others, REAL_PLAN])
    counts = split(max(scale.activities - real_count, 3 * len(others)), len(others))
    bar = ProgressBar("work plans", len(others), ctx.out)
    with tempfile.TemporaryDirectory() as folder:
        for (start, end), count in zip(others, counts, strict=True):
            path = Path(folder) / f"{start}.json"
            plan_json(ctx, start, end, count, path)
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
            plan_dates(ctx, plan, activities)
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
            updates.extend(progress_updates(ctx, activity))
    bulk_create_with_history(
        updates, ProgressUpdate, batch_size=BATCH, default_user=ctx.secretariat
    )


def plan_dates(ctx, plan, activities):
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
            activity._history_date = moment(min(activity.planned_start, ctx.today))


def progress_updates(ctx, activity):
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
        update._history_date = moment(day)
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


def contributions_seed(ctx):
    """Contributions that add up to 50-120 % of each plan's estimate: some strands under-
    funded, a few over, so the funding gap means something."""
    rng = ctx.rng
    counts = split(ctx.scale.contributions, len(ctx.plans))
    rows = []
    for (plan, activities), count in zip(ctx.plans, counts, strict=True):
        plan_rows = []
        for _index in range(count):
            earmarked = rng.random() < 0.7
            donor_country = rng.choice(ctx.parties) if rng.random() < 0.75 else None
            day = random_day(rng, date(plan.start_year, 1, 1), date(plan.end_year, 12, 31))
            contribution = Contribution(
                workplan=plan,
                donor=f"Government of {donor_country.name}"
                if donor_country
                else rng.choice(DONORS),
                donor_country=donor_country,
                amount_usd=money(rng, 5_000, 150_000),
                state=Contribution.State.RECEIVED
                if day < ctx.today - timedelta(days=180) or rng.random() < 0.5
                else Contribution.State.PLEDGED,
                kind=Contribution.Kind.EARMARKED if earmarked else Contribution.Kind.CORE,
                activity=rng.choice(activities) if earmarked else None,
                date=day,
            )
            contribution._history_date = moment(day)
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
