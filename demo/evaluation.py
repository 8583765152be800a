"""Demo evaluation: questionnaires built from four templates and answered by every Party, and
indicators with their measurements."""

from collections import defaultdict
from datetime import date, timedelta
from decimal import Decimal

from simple_history.utils import bulk_create_with_history

from demo import translations as tr
from demo.base import BATCH, ProgressBar, bulk, in_three, moment, random_day, split
from evaluation import services as evaluation_services
from evaluation.models import (
    Answer,
    Convention,
    Indicator,
    Measurement,
    Question,
    Questionnaire,
    Response,
)

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


def questions_for(template, count):
    rows = []
    for order, (kind, text) in enumerate(QUESTIONS[:count], start=1):
        # Each option as (English, French, Spanish); a question's options one per line.
        options = [(option, *tr.CHOICES[option]) for option in CHOICES.get(text, [])]
        rows.append(
            Question(
                questionnaire=template,
                order=order,
                **in_three("text", (text, *tr.QUESTIONS[text])),
                kind=kind,
                required=kind != "text",
                **in_three("choices", ["\n".join(o[n] for o in options) for n in range(3)]),
            )
        )
    return rows


def answer_value(rng, question):
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


def questionnaires_seed(ctx, events):
    """Questionnaires built from four templates (``questionnaire_copy``), answered by every
    Party; the latest through ``response_submit``, the others in bulk."""
    rng = ctx.rng
    count = ctx.scale.questionnaires
    per_plan = split(count, len(ctx.plans))
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
                    **in_three("title", (title, titles["fr"], titles["es"])),
                    purpose=purpose,
                    activity=rng.choice(strand3),
                    training_event=event,
                    audience=Questionnaire.Audience.NFPS,
                    **in_three("introduction", tr.QUESTIONNAIRE_INTRODUCTION),
                    opens_on=opens,
                    closes_on=closes,
                )
                template.full_clean()
                template.save()
                bulk(
                    questions_for(template, ctx.scale.questions),
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
                    answers={q.pk: answer_value(rng, q) for q in asked},
                    today=questionnaire.opens_on + timedelta(days=5),
                )
                bar.advance()
            continue
        responses = []
        for country in ctx.parties:
            submitted = moment(random_day(rng, questionnaire.opens_on, questionnaire.closes_on), 14)
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
                value = answer_value(rng, question)
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
        bulk(answers, Answer)
        bar.advance(len(responses))
    bar.close()


def indicators_seed(ctx):
    rng = ctx.rng
    conventions = list(Convention.objects.order_by("code"))
    per_plan = split(ctx.scale.indicators, len(ctx.plans))
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
            indicator._history_date = moment(date(plan.start_year, 1, 15))
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
            measurement._history_date = moment(day)
            measurements.append(measurement)
    bulk_create_with_history(
        measurements, Measurement, batch_size=BATCH, default_user=ctx.secretariat
    )
