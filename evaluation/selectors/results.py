"""Questionnaire results: counts, response rates, per-question figures, knowledge gain, and
each questionnaire of a plan at a glance. Plain dicts, shared by the page, the report, the XLSX
and the API."""

from collections import Counter, defaultdict
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.urls import reverse
from django.utils.translation import gettext as _

from evaluation.models import Answer, Gender, KnowledgeScore, Question, Questionnaire, Response
from evaluation.selectors.numbers import mean, share, sum_mean
from workplan.cache import figures_cached
from workplan.models import Country, Region


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
        figure["mean"] = mean(values)
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
            {"label": _("Yes"), "count": yes, "share": share(yes, len(values))},
            {
                "label": _("No"),
                "count": len(values) - yes,
                "share": share(len(values) - yes, len(values)),
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
            {"label": label, "count": picked[choice], "share": share(picked[choice], answered)}
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
                "rate": share(answered.get(value, 0), parties.get(value, 0)),
            }
        )
    total_parties = sum(parties.values())
    rows.append(
        {
            "region": "",
            "label": _("All regions"),
            "parties": total_parties,
            "submitted": sum(answered.values()),
            "rate": share(sum(answered.values()), total_parties),
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
            "before": mean([s.before for s in group]),
            "after": mean([s.after for s in group]),
            "gain": mean([s.gain for s in group]),
        }

    rows = [
        row(str(label), [s for s in scores if s.gender == value]) for value, label in Gender.choices
    ]
    return [r for r in rows if r["count"]] + [row(_("All trainees"), scores)]


def evaluation_figures(workplan):
    """Each questionnaire of the plan with submitted responses and its mean rating. Two queries."""
    questionnaires = list(
        Questionnaire.objects.for_workplan(workplan)
        .select_related("activity")
        .annotate(
            submitted=Count("responses", filter=Q(responses__status=Response.Status.SUBMITTED))
        )
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
            "mean_rating": sum_mean(*ratings.get(q.pk, (None, 0))),
            "url": reverse("evaluation:questionnaire-results", kwargs={"pk": q.pk}),
        }
        for q in questionnaires
    ]
