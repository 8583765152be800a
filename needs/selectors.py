"""Reads for the needs pages: my country, a round's status, the analysis. Bounded queries."""

from collections import defaultdict

from django.db.models import Avg, Count, OuterRef, Q, Subquery, Sum

from needs.models import AssessmentRound, CountryResponse, TrainingNeed
from workplan.cache import figures_cached
from workplan.i18n import localized
from workplan.models import Country, Region

Status = CountryResponse.Status
DONE = (Status.SUBMITTED, Status.ACCEPTED)
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
        if status in DONE:
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
        needs = needs.filter(response__status__in=DONE)
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
