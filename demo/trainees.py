"""Demo trainees: the nominations behind every training's counts, and the pre- and
post-training tests answered through invitation links.

Called by ``demo.seed.demo_seed`` after the events exist. Every training gets confirmed
nominations matching its trainee counts by gender (so the counts read the same whether they
come from the admin or from the nominations), a few declined ones, and pending ones while its
nomination deadline is open. One training in ten that has been held gets a pre- and a
post-training test, with invitations for its confirmed trainees and their answers (most answer;
scores rise after the training). Everything random comes from the demo's ``rng``.
"""

from collections import defaultdict
from datetime import timedelta

from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from demo.base import BATCH, FIRST_NAMES, LAST_NAMES, ProgressBar, moment
from evaluation.models import Answer, Invitation, Question, Questionnaire, Response
from needs.models import Nomination, TraineeGender, TrainingEvent

FUNCTIONS = [
    "Wildlife officer",
    "Fisheries inspector",
    "Policy adviser",
    "Park ranger",
    "Biologist",
    "Customs officer",
]
INSTITUTIONS = [
    "Ministry of Environment",
    "National Parks Service",
    "Fisheries Department",
    "University",
    "Customs Authority",
]
TEST = [
    ("In which city was the CMS signed?", ["Bonn", "Geneva", "Nairobi"]),
    ("Which Appendix lists endangered migratory species?", ["Appendix I", "Appendix II"]),
    ("How often does the COP meet?", ["Every three years", "Every year", "Every five years"]),
    ("Who adopts the capacity-building work plan?", ["The COP", "The Secretariat"]),
    ("What is an MOU under CMS?", ["A non-binding instrument", "A binding treaty"]),
]


def _nominations(ctx, events):
    """Confirmed nominations matching each event's counts, declined and pending ones."""
    rng, today = ctx.rng, ctx.today
    participants = defaultdict(list)
    Through = TrainingEvent.participating_countries.through
    for row in Through.objects.filter(trainingevent__in=events).order_by(
        "trainingevent", "country"
    ):
        participants[row.trainingevent_id].append(row.country_id)
    by_region = defaultdict(list)
    for country in ctx.parties:
        by_region[country.region].append(country.pk)
    rows, seats = [], {}
    for event in events:
        # An announced training open to its whole region has no list of invited Parties.
        countries = participants[event.pk] or by_region[event.region][:6] or [event.country_id]
        genders = (
            [TraineeGender.WOMAN] * event.trainees_women
            + [TraineeGender.MAN] * event.trainees_men
            + [TraineeGender.OTHER] * event.trainees_other
        )
        declined = rng.randrange(0, 4)
        deadline = event.start_date - timedelta(days=21)
        pending = rng.randrange(1, 4) if deadline >= today else 0
        holding = defaultdict(int)
        people = [(g, Nomination.Status.CONFIRMED) for g in genders]
        people += [(rng.choice(TraineeGender.values), Nomination.Status.DECLINED)] * declined
        people += [(rng.choice(TraineeGender.values), Nomination.Status.PENDING)] * pending
        for index, (gender, status) in enumerate(people):
            country_id = countries[index % len(countries)]
            if status != Nomination.Status.DECLINED:
                holding[country_id] += 1
            first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
            decided = None if status == Nomination.Status.PENDING else moment(deadline, 15)
            rows.append(
                Nomination(
                    event=event,
                    country_id=country_id,
                    name=f"{first} {last}",
                    email=f"trainee-{event.pk}-{index}@example.org",
                    function=rng.choice(FUNCTIONS),
                    institution=rng.choice(INSTITUTIONS),
                    gender=gender,
                    status=status,
                    nominated_by=ctx.nfp_users.get(country_id),
                    decided_by=ctx.secretariat if decided else None,
                    decided_at=decided,
                )
            )
        seats[event.pk] = (max(holding.values(), default=0) + 1, deadline)
    for event in events:
        event.seats_per_party, event.nomination_deadline = seats[event.pk]
    bulk_update_with_history(
        events,
        TrainingEvent,
        ["seats_per_party", "nomination_deadline"],
        batch_size=BATCH,
        default_user=ctx.secretariat,
        default_change_reason="Announced in the training calendar",
    )
    # The needs each training answers: its programme's.
    NeedLink = TrainingEvent.needs.through
    Programme = TrainingEvent._meta.get_field("programme").related_model
    programme_needs = defaultdict(list)
    for row in Programme.needs.through.objects.filter(
        trainingprogramme__in={e.programme_id for e in events if e.programme_id}
    ).order_by("trainingprogramme", "trainingneed"):
        programme_needs[row.trainingprogramme_id].append(row.trainingneed_id)
    NeedLink.objects.bulk_create(
        [
            NeedLink(trainingevent_id=e.pk, trainingneed_id=need_id)
            for e in events
            if e.programme_id
            for need_id in programme_needs[e.programme_id]
        ],
        batch_size=BATCH,
    )
    Nomination.objects.bulk_create(rows, batch_size=BATCH)
    return len(rows)


def _tests(ctx, events, activity_for):
    """Pre- and post-training tests for one held training in ten, answered by link."""
    rng, today = ctx.rng, ctx.today
    held = [e for e in events if e.end_date < today - timedelta(days=30)]
    chosen = held[::10]
    questionnaires = []
    for event in chosen:
        for stage, opens, closes in (
            ("pre", event.start_date - timedelta(days=14), event.start_date),
            ("post", event.end_date, event.end_date + timedelta(days=30)),
        ):
            questionnaires.append(
                Questionnaire(
                    title=f"Knowledge test ({stage}) — {event.title}"[:200],
                    purpose=Questionnaire.Purpose.TRAINING_IMPACT,
                    activity=activity_for(event),
                    training_event=event,
                    audience=Questionnaire.Audience.PARTICIPANTS,
                    stage=stage,
                    opens_on=opens,
                    closes_on=closes,
                )
            )
    questionnaires = bulk_create_with_history(
        questionnaires, Questionnaire, batch_size=BATCH, default_user=ctx.secretariat
    )
    questions = []
    for questionnaire in questionnaires:
        for order, (text, choices) in enumerate(TEST, start=1):
            questions.append(
                Question(
                    questionnaire=questionnaire,
                    order=order,
                    text=text,
                    kind=Question.Kind.SINGLE,
                    choices="\n".join(choices),
                    correct_answer=choices[0],
                )
            )
    questions = bulk_create_with_history(
        questions, Question, batch_size=BATCH, default_user=ctx.secretariat
    )
    by_questionnaire = defaultdict(list)
    for question in questions:
        by_questionnaire[question.questionnaire_id].append(question)
    confirmed = defaultdict(list)
    for nomination in Nomination.objects.filter(
        event__in=chosen, status=Nomination.Status.CONFIRMED
    ).order_by("event", "pk"):
        confirmed[nomination.event_id].append(nomination)

    invitations, responses, answered = [], [], []
    for questionnaire in questionnaires:
        right_odds = 0.45 if questionnaire.stage == "pre" else 0.8
        for nomination in confirmed[questionnaire.training_event_id]:
            invitation = Invitation(
                questionnaire=questionnaire,
                nomination=nomination,
                key=f"{rng.getrandbits(128):032x}",
            )
            invitations.append(invitation)
            if rng.random() < 0.15:
                continue  # not answered
            submitted = moment(questionnaire.opens_on + timedelta(days=rng.randrange(3)), 16)
            response = Response(
                questionnaire=questionnaire,
                status=Response.Status.SUBMITTED,
                submitted_at=submitted,
                version=1,
            )
            response._history_date = submitted
            responses.append(response)
            answered.append((invitation, response, right_odds))
    responses = bulk_create_with_history(responses, Response, batch_size=BATCH)
    answers = []
    for invitation, response, right_odds in answered:
        invitation.response = response
        invitation.answered_at = response.submitted_at
        for question in by_questionnaire[invitation.questionnaire.pk]:
            choices = question.choice_list
            text = choices[0] if rng.random() < right_odds else rng.choice(choices[1:])
            answer = Answer(response=response, question=question, text=text, number=None)
            answer._history_date = response.submitted_at
            answers.append(answer)
    Invitation.objects.bulk_create(invitations, batch_size=BATCH)
    bulk_create_with_history(answers, Answer, batch_size=BATCH)
    return len(questionnaires), len(invitations), len(answers)


UPCOMING = 6


def _upcoming(ctx, events):
    """Trainings announced for the coming months, open to their region's Parties, so the
    calendar has something to nominate for (the dates follow the day the demo is seeded).

    One per CMS region that has had a regional training, the demo focal point's region first.
    """
    rng, today = ctx.rng, ctx.today
    latest = sorted(
        (e for e in events if e.programme_id and e.kind == TrainingEvent.Kind.REGIONAL),
        key=lambda e: (-e.start_date.toordinal(), e.pk),
    )
    sources = {}
    for event in latest:
        sources.setdefault(event.region, event)
    home = ctx.parties[0].region
    order = sorted(sources, key=lambda region: (region != home, region))[:UPCOMING]
    announced = []
    for position, region in enumerate(order):
        source = sources[region]
        start = today + timedelta(days=35 + 20 * position)
        host = rng.choice([c for c in ctx.parties if c.region == region] or ctx.parties)
        event = TrainingEvent(
            programme=source.programme,
            kind=TrainingEvent.Kind.REGIONAL,
            title=source.programme.title[:170] + f" — {host.name}"[:30],
            country=host,
            region=region,
            city=source.city,
            start_date=start,
            end_date=start + timedelta(days=3),
            language=source.language,
            trainees_women=rng.randrange(0, 2),
            trainees_men=rng.randrange(0, 2),
            estimated_cost=source.estimated_cost,
            details="Venue and logistics are sent to the confirmed trainees.",
        )
        event._history_date = moment(today - timedelta(days=30))
        announced.append(event)
    return bulk_create_with_history(
        announced, TrainingEvent, batch_size=BATCH, default_user=ctx.secretariat
    )


def _activity_for(ctx):
    """The activity a training's tests are attached to: 1.5 (impact evaluation) of its plan."""
    by_plan = {plan.pk: (plan, activities) for plan, activities in ctx.plans}

    def activity_for(event):
        plan_id = event.programme.workplan_id if event.programme_id else None
        if plan_id is None:
            plan_id = next(
                (
                    p.pk
                    for p, _a in ctx.plans
                    if p.start_year <= event.start_date.year <= p.end_year
                ),
                ctx.plans[-1][0].pk,
            )
        activities = by_plan[plan_id][1]
        return next((a for a in activities if a.code == "1.5"), activities[0])

    return activity_for


def trainees_seed(ctx, events):
    """Nominations for every training, and tests by invitation for some. Returns counts."""
    bar = ProgressBar("trainees and tests", 1, ctx.out)
    events = sorted(events, key=lambda e: e.pk)
    events += _upcoming(ctx, events)
    nominations = _nominations(ctx, events)
    tests, invitations, _answers = _tests(ctx, events, _activity_for(ctx))
    bar.close()
    return {"nominations": nominations, "tests": tests, "invitations": invitations}
