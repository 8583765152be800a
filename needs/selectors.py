"""Reads for the needs pages: my country, a round's status, the analysis. Bounded queries."""

from collections import defaultdict

from django.db.models import Avg, Count, OuterRef, Prefetch, Q, Subquery, Sum
from django.utils import timezone

from needs.models import (
    PRIORITY_NEED_MIN,
    AssessmentRound,
    CountryResponse,
    FollowUp,
    Nomination,
    Notice,
    TraineeGender,
    TrainingEvent,
    TrainingNeed,
    TrainingProgramme,
)
from workplan.cache import figures_cached
from workplan.i18n import localized
from workplan.models import Country, Region

Status = CountryResponse.Status
NOT_STARTED = "not_started"


def rounds_for_country(country):
    """Every round, newest first, each with this country's response (or None): two queries."""
    rounds = list(AssessmentRound.objects.select_related("workplan"))
    responses = {
        r.round_id: r
        for r in CountryResponse.objects.filter(country=country)
        .select_related("submitted_by")
        .annotate(needs_count=Count("needs"))
    }
    for assessment_round in rounds:
        assessment_round.country_response = responses.get(assessment_round.pk)
    return rounds


def response_completeness(response, needs_count=None):
    """How complete a response is, 0-100: the three questions and at least one need."""
    if response is None:
        return 0
    if needs_count is None:
        needs_count = response.needs.count()
    parts = [
        bool(response.existing_capacities.strip()),
        bool(response.ongoing_initiatives.strip()),
        bool(response.constraints_and_gaps.strip()),
        needs_count > 0,
    ]
    return round(100 * sum(parts) / len(parts))


def _empty_counts(label):
    return {"label": label, "submitted": 0, "draft": 0, "not_started": 0, "total": 0}


def round_status(assessment_round):
    """Every Party with its response status for the round, and counts by region.

    One query for the Parties (status, time and needs count come in as subqueries).
    """
    responses = CountryResponse.objects.filter(round=assessment_round, country=OuterRef("pk"))
    countries = list(
        Country.objects.parties()
        .annotate(
            response_id=Subquery(responses.values("pk")[:1]),
            response_status=Subquery(responses.values("status")[:1]),
            submitted_at=Subquery(responses.values("submitted_at")[:1]),
            needs_count=Subquery(
                responses.annotate(n=Count("needs")).values("n")[:1],
            ),
        )
        .order_by("region", "name")
    )
    labels = dict(Status.choices)
    by_region = {code: _empty_counts(label) for code, label in Region.choices}
    totals = _empty_counts("")
    for country in countries:
        status = country.response_status
        if status in CountryResponse.FINAL:
            bucket = "submitted"
        elif status:
            bucket = "draft"
        else:
            bucket = NOT_STARTED
        country.bucket = bucket
        country.status_label = labels.get(status, "")
        for counts in (by_region.setdefault(country.region, _empty_counts(country.region)), totals):
            counts[bucket] += 1
            counts["total"] += 1
    return countries, [row for row in by_region.values() if row["total"]], totals


def needs_for_analysis(
    assessment_round,
    *,
    region="",
    scope="",
    training_type=None,
    target_group=None,
    include_drafts=False,
):
    """The round's needs, filtered as the analysis form asks."""
    needs = TrainingNeed.objects.filter(response__round=assessment_round)
    if not include_drafts:
        needs = needs.submitted()
    if region:
        needs = needs.filter(response__country__region=region)
    if scope:
        needs = needs.filter(scope=scope)
    if training_type:
        needs = needs.filter(training_type=training_type)
    if target_group:
        needs = needs.filter(target_group=target_group)
    return needs


def _score(row):
    # The priority score: mean priority (1-5) x mean urgency (1-3) x countries asking.
    return round(float(row["avg_priority"]) * float(row["avg_urgency"]) * row["countries"], 1)


def needs_analysis(needs):
    """Needs aggregated by topic, and by topic within each CMS region, ranked by score.

    Two aggregate queries whatever the number of countries or needs.
    """
    aggregates = {
        "needs": Count("pk"),
        "countries": Count("response__country", distinct=True),
        "avg_priority": Avg("priority"),
        "avg_urgency": Avg("urgency"),
        "trainees": Sum("expected_trainees"),
        "national": Count("pk", filter=Q(scope="national")),
        "regional": Count("pk", filter=~Q(scope="national")),
    }
    # Grouped by the topic (its English name), labelled in the reader's language.
    label = {"topic_label": localized("topic__name")}
    by_topic = list(
        needs.values("topic__name").annotate(**label, **aggregates).order_by("topic__name")
    )
    for row in by_topic:
        row["topic__name"] = row.pop("topic_label")
        row["score"] = _score(row)
    by_topic.sort(key=lambda row: (-row["score"], row["topic__name"]))

    by_region = defaultdict(list)
    for row in needs.values("response__country__region", "topic__name").annotate(
        **label, **aggregates
    ):
        row["topic__name"] = row.pop("topic_label")
        row["score"] = _score(row)
        by_region[row["response__country__region"]].append(row)
    regions = []
    for code, label in Region.choices:
        if code in by_region:
            rows = sorted(by_region[code], key=lambda row: (-row["score"], row["topic__name"]))
            regions.append({"code": code, "label": label, "rows": rows})
    return by_topic, regions


def round_analysis(assessment_round, **filters):
    """``needs_analysis`` of the round's needs filtered as asked, cached until the next write."""
    parts = [assessment_round.pk] + [
        f"{name}={getattr(value, 'pk', value)}" for name, value in sorted(filters.items())
    ]
    return figures_cached(
        "needs-analysis",
        parts,
        lambda: needs_analysis(needs_for_analysis(assessment_round, **filters)),
    )


def chart_data(by_topic, regions):
    """What static/js/needs-analysis.js draws, as plain JSON-able values."""
    top = by_topic[:12]
    return {
        "topics": [row["topic__name"] for row in top],
        "scores": [row["score"] for row in top],
        "countries": [row["countries"] for row in top],
        "regions": [
            {
                "label": str(region["label"]),
                "scores": [
                    next((r["score"] for r in region["rows"] if r["topic__name"] == topic), 0)
                    for topic in [row["topic__name"] for row in top]
                ],
            }
            for region in regions
        ],
    }


def notices_for_country(country, limit=10):
    """The latest things the Secretariat did to the country's responses, newest first."""
    return list(
        Notice.objects.filter(response__country=country)
        .select_related("response__round")
        .order_by("-created_at", "-pk")[:limit]
    )


def next_deadline(open_rounds):
    """The open round the country has still to submit that closes first, or None.

    ``open_rounds`` come from ``rounds_for_country`` (each with its ``country_response``)."""
    pending = [
        r
        for r in open_rounds
        if r.country_response is None or r.country_response.is_editable_status
    ]
    return min(pending, key=lambda r: r.closes_on, default=None)


# --- Training calendar, nominations, a country's story, coverage --------------------------


def _calendar_events():
    return TrainingEvent.objects.select_related(
        "programme", "country", "language"
    ).prefetch_related(
        Prefetch(
            "needs",
            queryset=TrainingNeed.objects.select_related("topic", "response__country").order_by(
                "topic__name", "response__country__name"
            ),
        )
    )


def training_calendar(*, day=None):
    """Upcoming trainings (soonest first, a list) and past ones (latest first, a queryset for
    the page to paginate). Two queries for each list shown, whatever its length."""
    day = day or timezone.localdate()
    upcoming = list(_calendar_events().upcoming(day).order_by("start_date", "pk"))
    past = _calendar_events().held(day).exclude(end_date=day).order_by("-start_date", "-pk")
    return upcoming, past


def training_detail_queryset():
    """Trainings with their programme, language, the needs they answer and the Parties asked."""
    return _calendar_events().prefetch_related("participating_countries")


def nominations_for(event, user):
    """The nominations of a training the user may read by name (see Nomination.visible_to)."""
    return list(
        Nomination.objects.visible_to(user)
        .filter(event=event)
        .select_related("country")
        .order_by("country__name", "pk")
    )


def nomination_counts(event):
    """Nominated and confirmed trainees by gender: counts only, for everyone. One query."""
    Status = Nomination.Status
    return Nomination.objects.filter(event=event).aggregate(
        nominated=Count("pk"),
        confirmed=Count("pk", filter=Q(status=Status.CONFIRMED)),
        women=Count("pk", filter=Q(status=Status.CONFIRMED, gender=TraineeGender.WOMAN)),
        men=Count("pk", filter=Q(status=Status.CONFIRMED, gender=TraineeGender.MAN)),
        other=Count("pk", filter=Q(status=Status.CONFIRMED, gender=TraineeGender.OTHER)),
        countries=Count("country", filter=Q(status=Status.CONFIRMED), distinct=True),
    )


def country_story(country, *, day=None):
    """A country's needs per round, the programmes and trainings answering each, its trainees
    (counts by gender), follow-ups and the "needs answered" share.

    Six queries, always the same six, whatever the number of rounds, needs, programmes,
    trainings or trainees (each filters by the country in the database, so none is skipped
    for an empty list).
    """
    day = day or timezone.localdate()
    country_needs = TrainingNeed.objects.filter(response__country=country).submitted()
    needs = list(
        country_needs.select_related("response__round", "topic").order_by(
            "-response__round__opens_on", "-priority", "topic__name", "pk"
        )
    )
    # Programmes answering the needs, trainings answering them directly, and the trainings
    # of those programmes: three queries, joined in Python.
    programmes_of = defaultdict(list)
    for link in TrainingProgramme.needs.through.objects.filter(
        trainingneed__in=country_needs
    ).select_related("trainingprogramme"):
        programmes_of[link.trainingneed_id].append(link.trainingprogramme)
    direct_events = defaultdict(list)
    for link in (
        TrainingEvent.needs.through.objects.filter(trainingneed__in=country_needs)
        .select_related("trainingevent")
        .order_by("-trainingevent__start_date")
    ):
        direct_events[link.trainingneed_id].append(link.trainingevent)
    programme_events = defaultdict(list)
    for event in TrainingEvent.objects.filter(programme__needs__in=country_needs).distinct():
        programme_events[event.programme_id].append(event)
    # Trainings the country took part in: nominated, listed as participant, or host.
    Status = Nomination.Status
    trainings = list(
        TrainingEvent.objects.filter(_took_part(country) | Q(country=country))
        .distinct()
        .select_related("programme", "language")
        .annotate(
            nominated=Count("nominations", filter=Q(nominations__country=country), distinct=True),
            **{
                key: Count(
                    "nominations",
                    filter=Q(
                        nominations__country=country,
                        nominations__status=Status.CONFIRMED,
                        nominations__gender=value,
                    ),
                    distinct=True,
                )
                for key, value in (
                    ("women", TraineeGender.WOMAN),
                    ("men", TraineeGender.MAN),
                    ("other", TraineeGender.OTHER),
                )
            },
        )
        .order_by("-start_date", "-pk")
    )
    for training in trainings:
        training.confirmed = training.women + training.men + training.other
        training.is_held = training.end_date <= day
    rounds = {}
    for need in needs:
        need.programme_list = programmes_of[need.pk]
        events = {e.pk: e for e in direct_events[need.pk]}
        for programme in need.programme_list:
            events.update((e.pk, e) for e in programme_events[programme.pk])
        need.event_list = sorted(events.values(), key=lambda e: (e.start_date, e.pk), reverse=True)
        need.addressed = any(event.end_date <= day for event in need.event_list)
        rounds.setdefault(need.response.round, []).append(need)
    priority = [n for n in needs if n.priority >= PRIORITY_NEED_MIN]
    answered = [n for n in priority if n.addressed]
    followups = list(
        FollowUp.objects.filter(
            Q(programme__needs__in=country_needs) | _took_part(country, "programme__events__")
        )
        .distinct()
        .select_related("programme")
        .order_by("due_on", "pk")
    )
    return {
        "rounds": [{"round": r, "needs": rows} for r, rows in rounds.items()],
        "trainings": trainings,
        "trainees": {
            key: sum(getattr(t, key) for t in trainings)
            for key in ("nominated", "confirmed", "women", "men", "other")
        },
        "priority_needs": len(priority),
        "priority_answered": len(answered),
        "answered_share": round(100 * len(answered) / len(priority)) if priority else None,
        "followups": followups,
    }


def _took_part(country, path=""):
    """Trainings (reached through ``path``) the country took part in: it nominated trainees to
    them, or is listed among their participating countries."""
    return Q(**{f"{path}nominations__country": country}) | Q(
        **{f"{path}participating_countries": country}
    )


def country_outstanding(country, *, day=None):
    """Open needs rounds the country has not submitted yet: what it is being reminded of."""
    day = day or timezone.localdate()
    done = CountryResponse.objects.filter(country=country).final().values("round")
    return list(AssessmentRound.objects.open_on(day).exclude(pk__in=done).order_by("closes_on"))


def unanswered_priority_needs_queryset(assessment_round, *, region="", topic=None):
    """Priority needs of the round's submitted responses that no programme answers yet."""
    needs = (
        TrainingNeed.objects.filter(response__round=assessment_round)
        .priority()
        .filter(programmes__isnull=True)
    )
    if region:
        needs = needs.filter(response__country__region=region)
    if topic is not None:
        needs = needs.filter(topic=topic)
    return needs


def unanswered_priority_needs(assessment_round, *, region=""):
    """``unanswered_priority_needs_queryset`` by topic, each with its needs, countries and
    CMS regions, most asked first. One query whatever the number of needs."""
    rows = (
        unanswered_priority_needs_queryset(assessment_round, region=region)
        .values("topic_id", "topic__name", "response__country__region")
        .annotate(needs=Count("pk"), countries=Count("response__country", distinct=True))
        .order_by()
    )
    labels = dict(Region.choices)
    groups = {}
    for row in rows:
        group = groups.setdefault(
            row["topic_id"],
            {
                "topic_id": row["topic_id"],
                "topic": row["topic__name"],
                "needs": 0,
                "countries": 0,
                "regions": [],
            },
        )
        group["needs"] += row["needs"]
        group["countries"] += row["countries"]
        group["regions"].append(
            {
                "label": labels.get(row["response__country__region"], ""),
                "countries": row["countries"],
            }
        )
    return sorted(groups.values(), key=lambda g: (-g["countries"], -g["needs"], g["topic"]))


# --- For the evaluation app's dashboard, report and invitations ----------------------------


def latest_round(workplan):
    """The plan's newest assessment round (by opening date), or None. One query."""
    return AssessmentRound.objects.filter(workplan=workplan).order_by("-opens_on", "-pk").first()


def round_closings(workplan):
    """(title, closes_on) of the plan's rounds that have a closing date. One query."""
    return AssessmentRound.objects.filter(workplan=workplan, closes_on__isnull=False).values_list(
        "title", "closes_on"
    )


def response_statuses(assessment_round):
    """Each country's response status in the round, by country id, an accepted response shown
    as submitted (both are final). One query."""
    return {
        country: Status.SUBMITTED.value if status in CountryResponse.FINAL else status
        for country, status in assessment_round.responses.values_list("country_id", "status")
    }


def final_responses(assessment_round):
    """The round's submitted or accepted responses, as a queryset."""
    return CountryResponse.objects.final().filter(round=assessment_round)


def plan_trainings(workplan, region=None):
    """The plan's trainings, as a queryset: those of its programmes, and those without a
    programme that start in its years (trainings of trainers)."""
    events = TrainingEvent.objects.filter(
        Q(programme__workplan=workplan)
        | Q(
            programme__isnull=True,
            start_date__year__gte=workplan.start_year,
            start_date__year__lte=workplan.end_year,
        )
    )
    return events.filter(region=region) if region else events


def plan_trainings_held(workplan, region=None, day=None):
    """``plan_trainings`` that have ended (by ``day``, today by default)."""
    return plan_trainings(workplan, region).held(day)


def top_priority_topics(assessment_round, *, region=None, limit=5):
    """The topics most often marked priority 1 or 2 in the round's submitted responses, with
    the number of countries that did. One query."""
    needs = TrainingNeed.objects.submitted().filter(
        response__round=assessment_round, priority__lte=2
    )
    if region:
        needs = needs.filter(response__country__region=region)
    rows = (
        needs.values("topic__name")
        .annotate(
            label=localized("topic__name"), countries=Count("response__country", distinct=True)
        )
        .order_by("-countries", "topic__name")[:limit]
    )
    return [{"topic": row["label"], "countries": row["countries"]} for row in rows]


def invitable_nominations(event_id):
    """The training's confirmed trainees who can be sent a link: not erased, with an e-mail."""
    return (
        Nomination.objects.confirmed()
        .filter(event_id=event_id, erased_at__isnull=True)
        .exclude(email="")
    )


# --- Exports of a round (needs:round-export) -------------------------------------------------


def round_export_responses(assessment_round):
    """The round's responses for the export, by country, with what each row shows."""
    return (
        CountryResponse.objects.filter(round=assessment_round)
        .select_related("round", "country", "submitted_by")
        .annotate(needs_count=Count("needs"))
        .order_by("country__name")
    )


def round_export_needs(assessment_round):
    """The round's training needs for the export, by country then priority."""
    return (
        TrainingNeed.objects.filter(response__round=assessment_round)
        .select_related(
            "response__round",
            "response__country",
            "topic",
            "training_type",
            "target_group",
            "language",
        )
        .order_by("response__country__name", "-priority")
    )
