"""Demo handbook: a handbook per triennium, editions in the three languages with their chapters,
copies distributed to Parties, and suggestions from focal points through the service."""

from datetime import date, timedelta

from simple_history.utils import bulk_create_with_history

from demo import translations as tr
from demo.base import FIRST_NAMES, LAST_NAMES, in_three, moment
from handbook import services as handbook_services
from handbook.models import Chapter, Distribution, Edition, HandbookPlan, WorkStatus
from handbook.models import TargetGroup as HandbookTargetGroup

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


def handbook_seed(ctx):
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
            edition._history_date = moment(date(plan.start_year, 5, 1))
            editions.append((handbook_plan, edition))
    created = bulk_create_with_history(
        [e for _p, e in editions], Edition, default_user=ctx.secretariat
    )
    chapters = [
        Chapter(
            edition=edition,
            number=number,
            **in_three("title", (title, *tr.CHAPTERS[title])),
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
