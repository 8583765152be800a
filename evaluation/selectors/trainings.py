"""What the plan's trainings and needs assessments reached: trainees by gender and region,
Parties that submitted their needs, the timeline's milestones and the map. ``needs`` is read
through its selectors only."""

import pycountry
from django.db.models import Count, Q, Sum
from django.utils.translation import gettext as _

from evaluation.selectors.numbers import share
from needs import selectors as needs_selectors
from workplan.models import Country, Region

NOT_STARTED = "not_started"
TRAINEES = {"women": "trainees_women", "men": "trainees_men", "other": "trainees_other"}


def _trainee_sums(**extra):
    """Aggregates of the trainees by gender (women, men, other), with ``extra`` beside them."""
    return {**extra, **{key: Sum(field) for key, field in TRAINEES.items()}}


def trainings_summary(workplan, region=None):
    """Trainings held, trainees by gender, and countries reached. Four queries."""
    events = needs_selectors.plan_trainings_held(workplan, region)
    sums = events.aggregate(**_trainee_sums(held=Count("pk")))
    women, men, other = (sums[k] or 0 for k in TRAINEES)
    reached = set(
        Country.objects.filter(
            Q(training_events__in=events) | Q(hosted_training_events__in=events)
        ).values_list("pk", flat=True)
    )
    by_kind = dict(events.values("kind").annotate(n=Count("pk")).values_list("kind", "n"))
    labels = dict(Region.choices)
    by_region = [
        {
            "region": row["region"],
            "label": str(labels.get(row["region"], _("No region"))),
            "held": row["held"],
            **{key: row[key] or 0 for key in TRAINEES},
        }
        for row in events.order_by()
        .values("region")
        .annotate(**_trainee_sums(held=Count("pk")))
        .order_by("region")
    ]
    return {
        "held": sums["held"],
        "by_kind": by_kind,
        "by_region": by_region,
        "women": women,
        "men": men,
        "other": other,
        "total": women + men + other,
        "women_share": share(women, women + men + other),
        "countries_reached": len(reached),
    }


def needs_coverage(workplan, region=None):
    """Submitted needs assessments over Parties, per region, for the plan's latest round."""
    latest = needs_selectors.latest_round(workplan)
    if latest is None:
        return None
    parties = Country.objects.parties().in_region(region)
    rows = (
        parties.order_by()  # no per-country GROUP BY from the translated default ordering
        .values("region")
        .annotate(
            parties=Count("pk", distinct=True),
            submitted=Count(
                "needs_responses",
                filter=Q(needs_responses__in=needs_selectors.final_responses(latest)),
                distinct=True,
            ),
        )
        .order_by("region")
    )
    labels = dict(Region.choices)
    regions = [
        {
            "region": row["region"],
            "label": str(labels[row["region"]]),
            "parties": row["parties"],
            "submitted": row["submitted"],
            "share": share(row["submitted"], row["parties"]),
        }
        for row in rows
    ]
    total_parties = sum(r["parties"] for r in regions)
    total_submitted = sum(r["submitted"] for r in regions)
    return {
        "round": latest.title,
        "round_url": latest.get_absolute_url() if hasattr(latest, "get_absolute_url") else "",
        "parties": total_parties,
        "submitted": total_submitted,
        "share": share(total_submitted, total_parties),
        "regions": regions,
        "top_needs": needs_selectors.top_priority_topics(latest, region=region),
    }


def milestones(workplan, region=None):
    """Needs-assessment rounds closing and trainings held, for the timeline. Two queries."""
    rows = [
        {"date": closes_on, "kind": "round", "label": _("%(round)s closes") % {"round": title}}
        for title, closes_on in needs_selectors.round_closings(workplan)
    ]
    events = needs_selectors.plan_trainings(workplan, region)
    for title, start, end in events.values_list("title", "start_date", "end_date").order_by(
        "start_date"
    ):
        rows.append({"date": start, "end": end, "kind": "training", "label": title})
    return sorted(rows, key=lambda row: row["date"])


def _numeric(iso2):
    country = pycountry.countries.get(alpha_2=iso2)
    return country.numeric if country else None


def map_countries(workplan, region=None):
    """Each Party with its needs-assessment status in the plan's latest round and the trainees
    of the trainings it hosted. Three queries."""
    parties = list(
        Country.objects.parties().in_region(region).order_by("name").values("pk", "iso2", "name")
    )
    status = {}
    round_title = ""
    latest = needs_selectors.latest_round(workplan)
    if latest is not None:
        round_title = latest.title
        status = needs_selectors.response_statuses(latest)
    trainees = {
        row["country"]: sum(row[key] or 0 for key in TRAINEES)
        for row in needs_selectors.plan_trainings_held(workplan)
        .filter(country__isnull=False)
        .values("country")
        .annotate(**_trainee_sums())
        .order_by()
    }
    return {
        "round": round_title,
        "countries": [
            {
                "iso2": party["iso2"],
                "id": _numeric(party["iso2"]),
                "name": party["name"],
                "status": status.get(party["pk"], NOT_STARTED),
                "trainees": trainees.get(party["pk"], 0),
            }
            for party in parties
        ],
    }
