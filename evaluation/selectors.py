"""Reads for evaluation: questionnaire results, computed indicators, dashboard figures.

Every figure is a plain dict of numbers and strings, so the page, the printable report, the
XLSX download and the JSON API show the same thing from one computation.
"""

from collections import Counter, defaultdict
from decimal import ROUND_HALF_UP, Decimal

from django.apps import apps
from django.db.models import Count, Prefetch, Q, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from evaluation import figures
from evaluation.models import (
    Answer,
    Gender,
    Indicator,
    KnowledgeScore,
    Measurement,
    Question,
    Questionnaire,
    Response,
)
from workplan.cache import figures_cached
from workplan.i18n import localized
from workplan.models import Activity, Contribution, Country, Phase, Region, Status, Strand

ZERO = Decimal("0")
HUNDRED = Decimal("100")


def _round(value, places="0.01"):
    return None if value is None else Decimal(value).quantize(Decimal(places), ROUND_HALF_UP)


def _share(part, whole):
    """part / whole as a percentage with two decimals; None when there is nothing to divide."""
    if not whole:
        return None
    return _round(Decimal(part) * HUNDRED / Decimal(whole))


def _mean(values):
    return _round(sum(values, ZERO) / len(values)) if values else None


def _sum_mean(total, count):
    """The mean from a database sum and count, rounded as ``_mean`` rounds."""
    return _round(Decimal(total) / count) if count else None


def _needs_model(name):
    """A model of the needs app, or None while that app has not got it."""
    try:
        return apps.get_model("needs", name)
    except LookupError:
        return None


# --- Questionnaire results -----------------------------------------------------------------


def questionnaire_results(questionnaire):
    """``_questionnaire_results``, cached until the next write anywhere in the project."""
    return figures_cached(
        "questionnaire-results", [questionnaire.pk], lambda: _questionnaire_results(questionnaire)
    )


def _questionnaire_results(questionnaire):
    """Counts, response rate per region, and per-question figures over submitted responses.

    Four queries whatever the number of answers: questions, responses, answers, knowledge scores
    (plus one for the Parties per region when the audience is the NFPs).
    """
    questions = list(questionnaire.questions.all())
    responses = list(questionnaire.responses.select_related("country"))
    submitted = [r for r in responses if r.is_submitted]
    submitted_ids = {r.pk for r in submitted}
    by_question = defaultdict(list)
    for answer in Answer.objects.filter(response__in=submitted_ids).order_by("response_id"):
        by_question[answer.question_id].append(answer)

    figures = []
    for question in questions:
        answers = by_question[question.pk]
        figures.append(_question_figure(question, answers))

    return {
        "submitted": len(submitted),
        "drafts": len(responses) - len(submitted),
        "regions": _response_rate_by_region(questionnaire, submitted),
        "questions": figures,
        "knowledge": knowledge_gain(questionnaire),
    }


def _question_figure(question, answers):
    kind = question.kind
    figure = {"question": question, "kind": kind, "answered": 0}
    if kind in (Question.Kind.RATING, Question.Kind.NUMBER):
        values = [a.number for a in answers if a.number is not None]
        counts = Counter(values)
        figure["answered"] = len(values)
        figure["mean"] = _mean(values)
        rating_keys = [Decimal(n) for n in range(1, 6)]
        keys = rating_keys if kind == Question.Kind.RATING else sorted(counts)
        figure["distribution"] = [
            {"label": str(key).removesuffix(".00"), "count": counts.get(key, 0)} for key in keys
        ]
        if values:
            figure["minimum"], figure["maximum"] = min(values), max(values)
    elif kind == Question.Kind.YES_NO:
        values = [a.yes for a in answers if a.yes is not None]
        figure["answered"] = len(values)
        yes = sum(1 for v in values if v)
        figure["distribution"] = [
            {"label": _("Yes"), "count": yes, "share": _share(yes, len(values))},
            {
                "label": _("No"),
                "count": len(values) - yes,
                "share": _share(len(values) - yes, len(values)),
            },
        ]
    elif kind in Question.CHOICE_KINDS:
        picked = Counter()
        answered = 0
        for a in answers:
            chosen = a.choices if kind == Question.Kind.MULTIPLE else ([a.text] if a.text else [])
            if chosen:
                answered += 1
                picked.update(chosen)
        figure["answered"] = answered
        # A share is of the respondents who answered; multiple choice can add up past 100%.
        figure["distribution"] = [
            {"label": label, "count": picked[choice], "share": _share(picked[choice], answered)}
            for choice, label in question.choice_labels
        ]
    else:
        texts = [a.text for a in answers if a.text]
        figure["answered"] = len(texts)
        figure["texts"] = texts
    return figure


def _response_rate_by_region(questionnaire, submitted):
    """For NFP questionnaires: submitted countries over Parties, per CMS region."""
    if not questionnaire.for_nfps:
        return []
    # order_by(): Country is translated, and its manager makes the default ordering (by
    # name) explicit, which would split the GROUP BY per country.
    parties = dict(
        Country.objects.parties()
        .order_by()
        .values("region")
        .annotate(n=Count("pk"))
        .values_list("region", "n")
    )
    answered = Counter(r.country.region for r in submitted if r.country_id)
    rows = []
    for value, label in Region.choices:
        rows.append(
            {
                "region": value,
                "label": str(label),
                "parties": parties.get(value, 0),
                "submitted": answered.get(value, 0),
                "rate": _share(answered.get(value, 0), parties.get(value, 0)),
            }
        )
    total_parties = sum(parties.values())
    rows.append(
        {
            "region": "",
            "label": _("All regions"),
            "parties": total_parties,
            "submitted": sum(answered.values()),
            "rate": _share(sum(answered.values()), total_parties),
        }
    )
    return rows


def knowledge_gain(questionnaire):
    """Average score before, after and gain (after - before), overall and by gender."""
    scores = list(
        KnowledgeScore.objects.filter(questionnaire=questionnaire).filter(
            Q(response__isnull=True) | Q(response__status=Response.Status.SUBMITTED)
        )
    )
    if not scores:
        return None

    def row(label, group):
        return {
            "label": label,
            "count": len(group),
            "before": _mean([s.before for s in group]),
            "after": _mean([s.after for s in group]),
            "gain": _mean([s.gain for s in group]),
        }

    rows = [
        row(str(label), [s for s in scores if s.gender == value]) for value, label in Gender.choices
    ]
    return [r for r in rows if r["count"]] + [row(_("All trainees"), scores)]


# --- Computed indicators -------------------------------------------------------------------

HOW = {
    Indicator.Computed.NEEDS_SUBMITTED: _(
        "Parties whose needs-assessment response to the plan's latest round is submitted or "
        "accepted, divided by the number of CMS Parties, in per cent."
    ),
    Indicator.Computed.TRAINEES_TOTAL: _(
        "Women, men and other trainees added up over the plan's training events that have "
        "ended (events of its programmes, and trainings of trainers held in its years)."
    ),
    Indicator.Computed.TRAINEES_WOMEN: _("Women trainees over the same training events."),
    Indicator.Computed.TRAINEES_MEN: _("Men trainees over the same training events."),
    Indicator.Computed.TRAINEES_WOMEN_SHARE: _(
        "Women trainees divided by all trainees of the same training events, in per cent."
    ),
    Indicator.Computed.COUNTRIES_REACHED: _(
        "Distinct countries that took part in (or hosted) the same training events."
    ),
    Indicator.Computed.ACTIVITIES_COMPLETED: _(
        "Activities with status Completed divided by the plan's activities that are not "
        "cancelled, in per cent."
    ),
    Indicator.Computed.BUDGET_COVERED: _(
        "Contributions pledged or received for the plan (earmarked and core) divided by the top "
        "of the estimated budget range, in per cent. Activities whose budget is still to be "
        "determined are left out of the estimate."
    ),
}


def _events(workplan, region=None):
    """The plan's training events that have ended, as a queryset, or None without needs."""
    TrainingEvent = _needs_model("TrainingEvent")
    if TrainingEvent is None:
        return None
    events = TrainingEvent.objects.filter(end_date__lte=timezone.localdate()).filter(
        Q(programme__workplan=workplan)
        | Q(
            programme__isnull=True,
            start_date__year__gte=workplan.start_year,
            start_date__year__lte=workplan.end_year,
        )
    )
    if region:
        events = events.filter(region=region)
    return events


def trainings_summary(workplan, region=None):
    """Trainings held, trainees by gender, and countries reached. Two queries."""
    events = _events(workplan, region)
    if events is None:
        return None
    sums = events.aggregate(
        held=Count("pk"),
        women=Sum("trainees_women"),
        men=Sum("trainees_men"),
        other=Sum("trainees_other"),
    )
    women, men, other = (sums[k] or 0 for k in ("women", "men", "other"))
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
            "women": row["women"] or 0,
            "men": row["men"] or 0,
            "other": row["other"] or 0,
        }
        for row in events.order_by()
        .values("region")
        .annotate(
            held=Count("pk"),
            women=Sum("trainees_women"),
            men=Sum("trainees_men"),
            other=Sum("trainees_other"),
        )
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
        "women_share": _share(women, women + men + other),
        "countries_reached": len(reached),
    }


def needs_coverage(workplan, region=None):
    """Submitted needs assessments over Parties, per region, for the plan's latest round."""
    AssessmentRound = _needs_model("AssessmentRound")
    if AssessmentRound is None:
        return None
    latest = AssessmentRound.objects.filter(workplan=workplan).order_by("-opens_on", "-pk").first()
    if latest is None:
        return None
    done = ("submitted", "accepted")
    parties = Country.objects.parties().in_region(region)
    rows = (
        parties.order_by()  # no per-country GROUP BY from the translated default ordering
        .values("region")
        .annotate(
            parties=Count("pk", distinct=True),
            submitted=Count(
                "needs_responses",
                filter=Q(needs_responses__round=latest, needs_responses__status__in=done),
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
            "share": _share(row["submitted"], row["parties"]),
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
        "share": _share(total_submitted, total_parties),
        "regions": regions,
        "top_needs": _top_needs(latest, region),
    }


def _top_needs(assessment_round, region=None, limit=5):
    """The topics most often marked priority 1 or 2 in submitted responses, by region."""
    TrainingNeed = _needs_model("TrainingNeed")
    if TrainingNeed is None:
        return []
    needs = TrainingNeed.objects.filter(
        response__round=assessment_round,
        response__status__in=("submitted", "accepted"),
        priority__lte=2,
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


def budget_figures(workplan):
    """Estimate (min-max) against contributions pledged and received, and the gap.

    Per strand (earmarked contributions count for their activity's strand) and overall (core
    contributions count only there). The gap is estimate minus all contributions, never below 0.
    Three queries.
    """
    strands = list(Strand.objects.filter(workplan=workplan).order_by("number"))
    estimate = {
        row["strand"]: row
        # order_by(): the translated model's manager makes the default ordering explicit,
        # which would otherwise split the GROUP BY per activity.
        for row in Activity.objects.for_workplan(workplan)
        .order_by()
        .values("strand")
        .annotate(
            minimum=Sum("budget_min"),
            maximum=Sum("budget_max"),
            undetermined=Count("pk", filter=Q(budget_min__isnull=True)),
        )
    }
    money = defaultdict(lambda: {"pledged": ZERO, "received": ZERO})
    for row in (
        Contribution.objects.for_workplan(workplan)
        .values("activity__strand", "state")
        .annotate(total=Sum("amount_usd"))
    ):
        money[row["activity__strand"]][row["state"]] += row["total"]

    def figure(label, minimum, maximum, undetermined, pledged, received, url):
        covered = pledged + received
        return {
            "label": label,
            "minimum": minimum,
            "maximum": maximum,
            "undetermined": undetermined,
            "pledged": pledged,
            "received": received,
            "gap_min": max(minimum - covered, ZERO),
            "gap_max": max(maximum - covered, ZERO),
            "url": url,
        }

    plan_url = workplan.get_absolute_url()
    rows = []
    for strand in strands:
        est = estimate.get(strand.pk, {})
        rows.append(
            figure(
                f"{strand.number}. {strand.title}",
                est.get("minimum") or ZERO,
                est.get("maximum") or ZERO,
                est.get("undetermined", 0),
                money[strand.pk]["pledged"],
                money[strand.pk]["received"],
                f"{plan_url}#strand-{strand.number}",
            )
        )
    core = money[None]
    overall = figure(
        _("Overall"),
        sum((r["minimum"] for r in rows), ZERO),
        sum((r["maximum"] for r in rows), ZERO),
        sum(r["undetermined"] for r in rows),
        sum((r["pledged"] for r in rows), ZERO) + core["pledged"],
        sum((r["received"] for r in rows), ZERO) + core["received"],
        plan_url,
    )
    overall["core_pledged"], overall["core_received"] = core["pledged"], core["received"]
    return {"strands": rows, "overall": overall}


def _activity_figures(workplan):
    """Activities with their planned and actual dates and what they depend on. Three queries."""
    dates = figures.activity_dates_and_links(workplan)
    activities = sorted(
        Activity.objects.for_workplan(workplan).select_related("strand"),
        key=lambda a: (a.strand.number, figures.code_key(a.code)),
    )
    rows = [
        {
            "code": a.code,
            "title": a.title,
            "strand": a.strand.number,
            "strand_title": f"{a.strand.number}. {a.strand.title}",
            "phase": a.phase,
            "phase_label": str(a.get_phase_display()),
            "status": a.status,
            "status_label": str(a.get_status_display()),
            "planned_start": a.planned_start,
            "planned_end": a.planned_end,
            "actual_start": dates["actual"].get(a.code, {}).get("start"),
            "actual_end": dates["actual"].get(a.code, {}).get("end"),
            "depends_on": dates["depends_on"].get(a.code, []),
            "url": reverse(
                "workplan:activity-detail", kwargs={"slug": workplan.slug, "code": a.code}
            ),
        }
        for a in activities
    ]
    strand_numbers = sorted({r["strand"] for r in rows})
    by_status = {
        status: [
            sum(1 for r in rows if r["strand"] == n and r["status"] == status)
            for n in strand_numbers
        ]
        for status, _label in Status.choices
    }
    by_phase = {
        phase: sum(1 for r in rows if r["phase"] == phase) for phase, _label in Phase.choices
    }
    live = [r for r in rows if r["status"] != Status.CANCELLED]
    completed = sum(1 for r in live if r["status"] == Status.COMPLETED)
    return {
        "rows": rows,
        "strands": strand_numbers,
        "by_status": by_status,
        "status_labels": {k: str(v) for k, v in Status.choices},
        "by_phase": by_phase,
        "phase_labels": {k: str(v) for k, v in Phase.choices},
        "count": len(rows),
        "completed": completed,
        "completed_share": _share(completed, len(live)),
    }


class IndicatorComputer:
    """Computes each kind of computed indicator once per request, whatever the indicators."""

    def __init__(self, workplan):
        self.workplan = workplan
        self._cache = {}

    def once(self, key, func):
        if key not in self._cache:
            self._cache[key] = func()
        return self._cache[key]

    def value(self, kind):
        C = Indicator.Computed
        wp = self.workplan
        if kind == C.ACTIVITIES_COMPLETED:
            return self.once("activities", lambda: _activity_figures(wp))["completed_share"]
        if kind == C.BUDGET_COVERED:
            overall = self.once("budget", lambda: budget_figures(wp))["overall"]
            return _share(overall["pledged"] + overall["received"], overall["maximum"])
        if kind == C.NEEDS_SUBMITTED:
            coverage = self.once("needs", lambda: needs_coverage(wp))
            return None if coverage is None else coverage["share"]
        trainings = self.once("trainings", lambda: trainings_summary(wp))
        if trainings is None:
            return None
        return {
            C.TRAINEES_TOTAL: trainings["total"],
            C.TRAINEES_WOMEN: trainings["women"],
            C.TRAINEES_MEN: trainings["men"],
            C.TRAINEES_WOMEN_SHARE: trainings["women_share"],
            C.COUNTRIES_REACHED: trainings["countries_reached"],
        }.get(kind)


def indicator_compute(indicator):
    """The current value of one computed indicator (None when the data is not there yet)."""
    return IndicatorComputer(indicator.workplan).value(indicator.computed)


def indicator_figures(workplan, computer=None):
    """Each indicator with its latest value (computed now, or the latest measurement)."""
    computer = computer or IndicatorComputer(workplan)
    indicators = (
        Indicator.objects.filter(workplan=workplan)
        .select_related("strand", "activity")
        .prefetch_related(
            "shared_with",
            Prefetch("measurements", queryset=Measurement.objects.order_by("-date", "-pk")),
        )
        .order_by("code")
    )
    today = timezone.localdate()
    rows = []
    for indicator in indicators:
        if indicator.computed:
            current, as_of, how = (
                computer.value(indicator.computed),
                today,
                str(HOW[indicator.computed]),
            )
        else:
            latest = next(iter(indicator.measurements.all()), None)
            current = latest.value if latest else None
            as_of = latest.date if latest else None
            how = _("Measured: the latest measurement entered.")
        progress = None
        if current is not None and indicator.target is not None:
            base = indicator.baseline or ZERO
            if indicator.target != base:
                progress = _round((Decimal(current) - base) * HUNDRED / (indicator.target - base))
        rows.append(
            {
                "code": indicator.code,
                "name": indicator.name,
                "unit": indicator.unit,
                "measures": str(indicator.activity or indicator.strand or ""),
                "baseline": indicator.baseline,
                "target": indicator.target,
                "target_date": indicator.target_date,
                "current": current,
                "as_of": as_of,
                "progress": progress,
                "computed": bool(indicator.computed),
                "how": how,
                "shared_with": [c.code for c in indicator.shared_with.all()],
                "url": reverse("evaluation:indicator-list", kwargs={"slug": workplan.slug})
                + f"#indicator-{indicator.code}",
            }
        )
    return rows


def evaluation_figures(workplan):
    """Each questionnaire of the plan with submitted responses and its mean rating. Two queries."""
    questionnaires = list(
        Questionnaire.objects.for_workplan(workplan)
        .select_related("activity")
        .annotate(submitted=Count("responses", filter=Q(responses__status="submitted")))
        .order_by("-opens_on", "title")
    )
    # Summed and counted in the database: the plan's answers can run to six figures.
    ratings = {
        row["question__questionnaire"]: (row["total"], row["count"])
        for row in Answer.objects.filter(
            question__questionnaire__in=questionnaires,
            question__kind=Question.Kind.RATING,
            response__status=Response.Status.SUBMITTED,
            number__isnull=False,
        )
        .values("question__questionnaire")
        .annotate(total=Sum("number"), count=Count("pk"))
        .order_by()
    }
    return [
        {
            "title": q.title,
            "activity": q.activity.code,
            "purpose": str(q.get_purpose_display()),
            "submitted": q.submitted,
            "mean_rating": _sum_mean(*ratings.get(q.pk, (None, 0))),
            "url": reverse("evaluation:questionnaire-results", kwargs={"pk": q.pk}),
        }
        for q in questionnaires
    ]


def dashboard_figures(workplan, region=None):
    """Everything the dashboard, the report, the XLSX and the API show, for one plan: cached
    until the next write anywhere in the project (workplan.cache)."""
    return figures_cached(
        "dashboard", [workplan.pk, region or "-"], lambda: _dashboard_figures(workplan, region)
    )


def _dashboard_figures(workplan, region=None):
    """The dashboard's figures, computed.

    A fixed number of queries: activities 1, budget 3, indicators 4 (+ computed ones once each),
    evaluations 2, needs 3, trainings 4.
    """
    computer = IndicatorComputer(workplan)
    activities = computer.once("activities", lambda: _activity_figures(workplan))
    budget = computer.once("budget", lambda: budget_figures(workplan))
    if region:
        needs = needs_coverage(workplan, region)
        trainings = trainings_summary(workplan, region)
    else:
        needs = computer.once("needs", lambda: needs_coverage(workplan))
        trainings = computer.once("trainings", lambda: trainings_summary(workplan))
    return {
        "workplan": {
            "slug": workplan.slug,
            "title": workplan.title,
            "period": workplan.period,
            "start_year": workplan.start_year,
            "end_year": workplan.end_year,
        },
        "region": region or "",
        "date": timezone.localdate(),
        "activities": activities,
        "budget": budget,
        "indicators": indicator_figures(workplan, computer),
        "evaluations": evaluation_figures(workplan),
        "needs": needs,
        "trainings": trainings,
        "milestones": figures.milestones(workplan, region),
        "map": figures.map_countries(workplan, region),
        "handbook": figures.handbook_figures(workplan),
        "contributions": figures.contributions_by_donor(workplan),
    }
