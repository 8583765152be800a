"""Demo needs assessments (two rounds per triennium, the current one through the focal points'
service), training programmes made from prioritised needs, their modules and events."""

from datetime import date, timedelta
from decimal import Decimal

from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from demo import translations as tr
from demo.base import (
    BATCH,
    FIRST_NAMES,
    LAST_NAMES,
    ProgressBar,
    bulk,
    in_three,
    moment,
    money,
    random_day,
    split,
)
from needs import services as needs_services
from needs.lookups import seed_lookups
from needs.models import (
    AssessmentRound,
    CountryResponse,
    Language,
    Module,
    Scope,
    TargetGroup,
    TrainingEvent,
    TrainingNeed,
    TrainingProgramme,
    TrainingTopic,
    TrainingType,
)
from workplan.models import Region

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


def lookups_seed():
    """The lookup lists as the migrations seed them (in case a flush emptied them)."""
    seed_lookups(
        {
            "TrainingTopic": TrainingTopic,
            "TrainingType": TrainingType,
            "TargetGroup": TargetGroup,
            "Language": Language,
        }
    )


def lookup_lists():
    return {
        "topics": list(TrainingTopic.objects.order_by("order", "name")),
        "types": list(TrainingType.objects.order_by("order", "name")),
        "groups": list(TargetGroup.objects.order_by("order", "name")),
        "languages": {lang.code: lang for lang in Language.objects.all()},
    }


def random_need(rng, lookups, country, response):
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


def rounds_seed(ctx):
    """Two rounds per triennium; every Party answers each. The current one via the service."""
    rng, lookups = ctx.rng, lookup_lists()
    rounds = []
    per_plan = split(ctx.scale.rounds, len(ctx.plans))
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
                **in_three("title", [title.format(year=year) + suffix for title in tr.ROUND_TITLE]),
                **in_three("instructions", tr.ROUND_INSTRUCTIONS),
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
            current_round_seed(ctx, assessment_round, lookups, bar)
            continue
        responses = []
        for country in ctx.parties:
            submitted = moment(
                random_day(rng, assessment_round.opens_on, assessment_round.closes_on)
            )
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
                need = random_need(rng, lookups, country, response)
                need._history_date = response.submitted_at
                need._history_user = ctx.nfp_users[country.pk]
                needs.append(need)
        bulk_create_with_history(needs, TrainingNeed, batch_size=BATCH)
        needs_by_round[assessment_round.pk] = needs
        bar.advance(len(responses))
    bar.close()
    return [(plan, r, needs_by_round[r.pk]) for plan, r, _current in rounds]


def current_round_seed(ctx, assessment_round, lookups, bar):
    """The open round through the NFPs' own service: most submitted, some drafts, some silent."""
    rng = ctx.rng
    for country in ctx.parties:
        state = rng.choices(["submitted", "draft", "none"], [60, 25, 15])[0]
        if state != "none":
            needs = []
            for _index in range(rng.randint(*ctx.scale.needs_per_response)):
                need = random_need(rng, lookups, country, None)
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


def programmes_seed(ctx, rounds):
    """Programmes from prioritised needs (through the service), their modules and events."""
    rng, lookups = ctx.rng, lookup_lists()
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
        low = money(rng, 20_000, 60_000, 1000)
        programme.budget_min, programme.budget_max = low, low + money(rng, 5_000, 40_000, 1000)
        if plan.end_year < ctx.today.year:
            programme.impact_evaluated_on = date(plan.end_year, 11, 15)
        programme._history_date = moment(date(plan.start_year, 9, 1))
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
    bulk(modules, Module, default_user=ctx.secretariat)

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
        start = random_day(rng, date(plan.start_year, 3, 1), date(plan.end_year, 10, 31))
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
            money(rng, 45_000, 90_000, 1000)
            if kind != "national"
            else money(rng, 10_000, 30_000, 1000)
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
        event._history_date = moment(start - timedelta(days=60))
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
