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
