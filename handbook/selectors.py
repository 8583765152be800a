"""Reads for the handbook pages."""

from django.db.models import Count, Prefetch, Q, Sum

from handbook.models import (
    Chapter,
    Distribution,
    Edition,
    HandbookPlan,
    Suggestion,
    ToTWorkshop,
    WorkStatus,
)
from workplan.models import Region


def plan_current():
    """The handbook shown on the public page: the one of the latest work plan."""
    return (
        HandbookPlan.objects.select_related("workplan")
        .order_by("-workplan__start_year", "-pk")
        .first()
    )


def _chapters():
    return Chapter.objects.annotate(
        accepted_count=Count("accepted_suggestions", distinct=True)
    ).order_by("number")


def editions_with_chapters(plan):
    """Editions with their progress counts and chapters (each with its accepted suggestions).

    Three queries whatever the number of editions, chapters or suggestions.
    """
    return list(
        Edition.objects.filter(plan=plan)
        .with_progress()
        .prefetch_related(Prefetch("chapters", queryset=_chapters()))
        .order_by("version", "language")
    )


def edition_detail(pk):
    return (
        Edition.objects.with_progress()
        .select_related("plan__workplan")
        .prefetch_related(Prefetch("chapters", queryset=_chapters()))
        .get(pk=pk)
    )


def languages_available(editions):
    """Languages with a published edition, and those still being written, from a list."""
    published, coming = {}, {}
    for edition in editions:
        target = published if edition.status == WorkStatus.PUBLISHED else coming
        target[edition.language] = edition.get_language_display()
    return published, {code: name for code, name in coming.items() if code not in published}


def survey_totals(plan):
    """How many suggestions the content survey received, by outcome: one query."""
    status = Suggestion.Status
    return Suggestion.objects.filter(plan=plan).aggregate(
        total=Count("pk"),
        new=Count("pk", filter=Q(status=status.NEW)),
        accepted=Count("pk", filter=Q(status=status.ACCEPTED)),
        merged=Count("pk", filter=Q(status=status.MERGED)),
        declined=Count("pk", filter=Q(status=status.DECLINED)),
        countries=Count("country", distinct=True),
    )


def chapter_choices(plan):
    """Chapters a suggestion may target, with their edition, in one query."""
    return (
        Chapter.objects.filter(edition__plan=plan)
        .select_related("edition")
        .order_by("edition__version", "edition__language", "number")
    )


def edition_workshops(edition):
    """Training-of-trainers workshops teaching this edition, with their event: one query."""
    return edition.tot_workshops.select_related("event__country", "target_group").order_by(
        "event__start_date"
    )


def distribution_totals(edition):
    """Copies sent and countries reached for one edition: one query."""
    return edition.distributions.aggregate(
        copies=Sum("copies"), countries=Count("country", distinct=True)
    )


def country_handbook(country):
    """What a country received of the handbook: copies by edition, and the training-of-trainers
    workshops it took part in (confirmed trainees, listed as participant, or host). Two queries.
    """
    distributions = list(
        Distribution.objects.filter(country=country)
        .select_related("edition__plan")
        .order_by("-date", "-pk")
    )
    workshops = list(
        ToTWorkshop.objects.filter(
            Q(event__participating_countries=country)
            | Q(event__country=country)
            | Q(event__nominations__country=country, event__nominations__status="confirmed")
        )
        .distinct()
        .select_related("event", "edition__plan")
        .order_by("-event__start_date")
    )
    return {
        "distributions": distributions,
        "copies": sum(d.copies for d in distributions),
        "workshops": workshops,
    }


def dashboard_figures(workplan):
    """The handbook at a glance for the Standing Committee dashboard and report: editions and
    their chapters by status, the content survey, training of trainers, copies per region.

    None when the plan has no handbook. Five queries.
    """
    plan = HandbookPlan.objects.filter(workplan=workplan).first()
    if plan is None:
        return None
    statuses = list(WorkStatus)
    editions = list(
        Edition.objects.filter(plan=plan)
        .annotate(
            **{
                f"chapters_{status.value}": Count("chapters", filter=Q(chapters__status=status))
                for status in statuses
            }
        )
        .order_by("version", "language")
    )
    edition_rows = [
        {
            "label": f"{edition.get_language_display()} v{edition.version}",
            "language": str(edition.get_language_display()),
            "version": edition.version,
            "status": edition.status,
            "status_label": str(edition.get_status_display()),
            "chapters": {s.value: getattr(edition, f"chapters_{s.value}") for s in statuses},
            "url": edition.get_absolute_url(),
        }
        for edition in editions
    ]
    workshops = ToTWorkshop.objects.filter(edition__plan=plan).aggregate(
        workshops=Count("pk"),
        women=Sum("event__trainees_women"),
        men=Sum("event__trainees_men"),
        other=Sum("event__trainees_other"),
    )
    copies = dict(
        Distribution.objects.filter(edition__plan=plan)
        .values("country__region")
        .annotate(copies=Sum("copies"))
        .values_list("country__region", "copies")
    )
    return {
        "title": plan.title,
        "editions": edition_rows,
        "status_labels": {s.value: str(s.label) for s in statuses},
        "languages_published": sorted(
            {r["language"] for r in edition_rows if r["status"] == WorkStatus.PUBLISHED}
        ),
        "suggestions": survey_totals(plan),
        "tot_workshops": workshops["workshops"],
        "trainers_trained": sum(workshops[k] or 0 for k in ("women", "men", "other")),
        "copies_by_region": [
            {"region": value, "label": str(label), "copies": copies.get(value, 0)}
            for value, label in Region.choices
        ],
        "copies_total": sum(copies.values()),
    }
