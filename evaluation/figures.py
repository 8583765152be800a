"""Reads the dashboard adds to the figures: the timeline's dates and links, the map's
countries, and the handbook at a glance (read through handbook.selectors).

Every function returns plain dicts and lists, cached with the rest of the dashboard figures.
"""

from collections import defaultdict

import pycountry
from django.apps import apps
from django.db.models import Count, Max, Min, Prefetch, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from workplan.models import Activity, Country, ProgressUpdate, Status

NOT_STARTED = "not_started"


def code_key(code):
    """An activity code in the plan's order: 1.2 before 1.10."""
    return [int(part) if part.isdigit() else part for part in code.split(".")]


def _model(app, name):
    try:
        return apps.get_model(app, name)
    except LookupError:
        return None


def activity_dates_and_links(workplan):
    """Actual dates and dependencies per activity code. Two queries.

    An activity's actual start is its first progress update that reports it under way; its
    actual end is the update that reports it completed, put on hold or cancelled (none while it
    runs: the timeline draws it to today).
    """
    actual = {
        row["activity__code"]: row
        for row in ProgressUpdate.objects.filter(activity__strand__workplan=workplan)
        .exclude(status=Status.NOT_STARTED)
        .values("activity__code")
        .annotate(
            start=Min("date"),
            end=Max(
                "date", filter=Q(status__in=(Status.COMPLETED, Status.ON_HOLD, Status.CANCELLED))
            ),
        )
        .order_by()
    }
    links = defaultdict(list)
    Through = Activity.depends_on.through
    for before, after in (
        Through.objects.filter(from_activity__strand__workplan=workplan)
        .values_list("to_activity__code", "from_activity__code")
        .order_by("from_activity__code", "to_activity__code")
    ):
        links[after].append(before)
    return {"actual": actual, "depends_on": links}


def milestones(workplan, region=None):
    """Needs-assessment rounds closing and trainings held, for the timeline. Two queries."""
    rows = []
    AssessmentRound = _model("needs", "AssessmentRound")
    if AssessmentRound is not None:
        for title, closes_on in AssessmentRound.objects.filter(
            workplan=workplan, closes_on__isnull=False
        ).values_list("title", "closes_on"):
            rows.append(
                {
                    "date": closes_on,
                    "kind": "round",
                    "label": _("%(round)s closes") % {"round": title},
                }
            )
    TrainingEvent = _model("needs", "TrainingEvent")
    if TrainingEvent is not None:
        events = TrainingEvent.objects.filter(
            Q(programme__workplan=workplan)
            | Q(
                programme__isnull=True,
                start_date__year__gte=workplan.start_year,
                start_date__year__lte=workplan.end_year,
            )
        )
        if region:
            events = events.filter(region=region)
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
    AssessmentRound = _model("needs", "AssessmentRound")
    if AssessmentRound is not None:
        latest = (
            AssessmentRound.objects.filter(workplan=workplan).order_by("-opens_on", "-pk").first()
        )
        if latest is not None:
            round_title = latest.title
            status = dict(latest.responses.values_list("country_id", "status"))
    trainees = {}
    TrainingEvent = _model("needs", "TrainingEvent")
    if TrainingEvent is not None:
        trainees = {
            row["country"]: sum(row[k] or 0 for k in ("women", "men", "other"))
            for row in TrainingEvent.objects.filter(
                Q(programme__workplan=workplan)
                | Q(
                    programme__isnull=True,
                    start_date__year__gte=workplan.start_year,
                    start_date__year__lte=workplan.end_year,
                ),
                end_date__lte=timezone.localdate(),
                country__isnull=False,
            )
            .values("country")
            .annotate(
                women=Sum("trainees_women"), men=Sum("trainees_men"), other=Sum("trainees_other")
            )
            .order_by()
        }
    # "accepted" is a submitted response the Secretariat has accepted: submitted on the map.
    shown = {"accepted": "submitted"}
    return {
        "round": round_title,
        "countries": [
            {
                "iso2": party["iso2"],
                "id": _numeric(party["iso2"]),
                "name": party["name"],
                "status": shown.get(status.get(party["pk"]), status.get(party["pk"], NOT_STARTED)),
                "trainees": trainees.get(party["pk"], 0),
            }
            for party in parties
        ],
    }


def handbook_figures(workplan):
    """The handbook's figures, through the handbook app's selectors (None without it)."""
    if not apps.is_installed("handbook"):
        return None
    from handbook import selectors as handbook_selectors

    return handbook_selectors.dashboard_figures(workplan)


def contributions_by_donor(workplan, limit=12):
    """The plan's largest donors, pledged and received, largest first. One query."""
    from workplan.models import Contribution

    rows = (
        Contribution.objects.for_workplan(workplan)
        .values("donor")
        .annotate(
            count=Count("pk"),
            pledged=Sum("amount_usd", filter=Q(state=Contribution.State.PLEDGED)),
            received=Sum("amount_usd", filter=Q(state=Contribution.State.RECEIVED)),
            total=Sum("amount_usd"),
        )
        .order_by("-total", "donor")[:limit]
    )
    return [
        {
            "donor": row["donor"],
            "count": row["count"],
            "pledged": row["pledged"] or 0,
            "received": row["received"] or 0,
        }
        for row in rows
    ]


def report_strands(workplan):
    """Each strand with its activities and their progress updates, for the report. Three
    queries."""
    from workplan.models import Strand

    strands = list(
        Strand.objects.filter(workplan=workplan)
        .order_by("number")
        .prefetch_related(
            Prefetch(
                "activities",
                queryset=Activity.objects.prefetch_related(
                    Prefetch("updates", queryset=ProgressUpdate.objects.order_by("-date", "-pk"))
                ),
            )
        )
    )
    for strand in strands:
        strand.activities_in_order = sorted(strand.activities.all(), key=lambda a: code_key(a.code))
    return strands
