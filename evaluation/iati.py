"""IATI 2.03 activity export of a work plan: open data for the IATI Registry.

Each strand is a parent activity (hierarchy 1) and each work-plan activity its child (hierarchy 2),
linked both ways with related-activity (type 1 parent, type 2 child); the plan's own dependencies
between activities are related-activity type 3 (sibling). Codes follow the IATI 2.03 codelists:

- OrganisationRole 1 funding, 2 accountable, 4 implementing; OrganisationType 10 government,
  40 multilateral, 90 other. The reporting organisation is UNEP (XM-DAC-41116), which administers
  the CMS Secretariat; settings IATI_REPORTING_ORG_REF/_TYPE/_NAME change it.
- ActivityDateType 1 planned start, 2 actual start, 3 planned end, 4 actual end. An activity whose
  status says it started has an actual start (its first progress update that is under way or
  done, else its planned start, never after today); a closed one an actual end (its last
  progress update marked completed, else its planned end, never after today).
- Sector vocabulary 1 (DAC 5-digit): the activity's ``sector``; a strand reports the sectors of
  its activities, shared by their count. Vocabulary 99 (the reporting organisation's own): the
  plan's strand, with the public work-plan page as its vocabulary-uri.
- Region vocabulary 1 (OECD DAC region codes): the plan serves every Party, so an activity is
  "developing countries, unspecified" (998); strand 1, which holds the trainings, is split over
  the DAC regions of the CMS regions its trainings were held in (``DAC_REGION``), by trainings.
- Budgets: BudgetType 1 original, BudgetStatus 1 indicative; the top of the estimate's range,
  spread over the calendar years of the planned period by days, one budget per year (the IATI
  rules refuse a budget period over a year and budgets of one type that overlap). A strand's
  budget per year is the sum of its activities'.
- Transactions from the contributions earmarked to an activity: TransactionType 11 incoming
  commitment for a pledge, 1 incoming funds for a receipt, dated on the contribution's date,
  with the donor as provider-org; a contribution dated after today is left out. Core
  contributions fund the whole plan, not one activity: their donors are funding organisations
  of every strand, without a transaction (IATI has no file-level transactions).
- Results (ResultType 1 output, 2 outcome; IndicatorMeasure 1 unit, 2 percentage) from the
  plan's indicators: on their activity, else their strand, else on the strand of monitoring
  and evaluation (the last one); baseline, target and the actual value (the computed value or
  the latest measurement) over the period from the baseline date to the target date.
- document-link to the public activity (or work-plan) page, DocumentCategory A02 objectives.
"""

from collections import defaultdict
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from xml.etree import ElementTree as ET  # noqa: S405 - we build XML, never parse untrusted input

from django.utils import timezone

from evaluation.iati_plan import Plan, body_org, donor_of
from workplan.formats import budget_words
from workplan.models import (
    Body,
    Contribution,
    Phase,
    Region,
    Status,
)

VERSION = "2.03"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
CENT = Decimal("0.01")
HUNDRED = Decimal("100")

# CMS region -> OECD DAC region code (IATI Region vocabulary 1). The CMS regions are wider than
# the DAC's: North America has no DAC recipient region of its own, so it joins the Americas.
DAC_REGION = {
    Region.AFRICA: "298",  # Africa, regional
    Region.ASIA: "798",  # Asia, regional
    Region.CSA: "498",  # America, regional (Central, South America and the Caribbean)
    Region.EUROPE: "89",  # Europe, regional
    Region.NORTH_AMERICA: "498",  # America, regional
    Region.OCEANIA: "889",  # Oceania, regional
}
GLOBAL_REGION = "998"  # Developing countries, unspecified

STARTED = {Status.IN_PROGRESS, Status.COMPLETED}


def activity_status(status, phase):
    """Work-plan status and phase to the IATI ActivityStatus code."""
    if status == Status.CANCELLED:
        return "5"  # cancelled
    if status == Status.ON_HOLD:
        return "6"  # suspended
    if status == Status.COMPLETED:
        return "4"  # closed
    if status == Status.IN_PROGRESS:
        return "3" if phase == Phase.FEEDBACK else "2"  # finalisation / implementation
    return "1"  # pipeline/identification


def strand_status(children):
    codes = {activity_status(a.status, a.phase) for a in children}
    if not codes:
        return "1"
    if codes <= {"4", "5"}:
        return "4"
    if codes & {"2", "3", "4"}:
        return "2"
    return "1"


def shares(weights):
    """{key: weight} -> {key: percentage}, two decimals, adding up to exactly 100."""
    total = sum(weights.values())
    if not total:
        return {}
    exact = {key: Decimal(w) * HUNDRED / total for key, w in weights.items()}
    rounded = {key: value.quantize(CENT, ROUND_HALF_UP) for key, value in exact.items()}
    # The rounding difference goes to the largest share, so the sum is 100.00.
    largest = max(rounded, key=lambda key: (rounded[key], str(key)))
    rounded[largest] += HUNDRED - sum(rounded.values())
    return rounded


def yearly_budgets(amount, start, end):
    """[(period start, period end, amount)] per calendar year of start..end, split by days."""
    if amount is None or not start or not end or start > end:
        return []
    periods = []
    year_start = start
    while year_start <= end:
        year_end = min(date(year_start.year, 12, 31), end)
        periods.append((year_start, year_end))
        year_start = year_end + timedelta(days=1)
    days = (end - start).days + 1
    result, spent = [], Decimal("0")
    for index, (p_start, p_end) in enumerate(periods):
        if index == len(periods) - 1:
            part = amount - spent
        else:
            part = (amount * ((p_end - p_start).days + 1) / days).quantize(CENT, ROUND_HALF_UP)
        spent += part
        result.append((p_start, p_end, part))
    return result


def _number(value):
    value = Decimal(value)
    return str(value.to_integral_value()) if value == value.to_integral_value() else str(value)


def _narrative(parent, tag, text, **attrs):
    element = ET.SubElement(parent, tag, {k.replace("_", "-"): v for k, v in attrs.items()})
    ET.SubElement(element, "narrative").text = text
    return element


def _org(parent, role, name, ref=None, org_type=None):
    attrs = {"role": role}
    if ref:
        attrs["ref"] = ref
    if org_type:
        attrs["type"] = org_type
    element = ET.SubElement(parent, "participating-org", attrs)
    ET.SubElement(element, "narrative").text = name


def _head(root, plan, identifier, title, descriptions, hierarchy, updated):
    activity = ET.SubElement(
        root,
        "iati-activity",
        {
            "last-updated-datetime": updated.replace(microsecond=0).isoformat(),
            XML_LANG: "en",
            "default-currency": "USD",
            "hierarchy": str(hierarchy),
        },
    )
    ET.SubElement(activity, "iati-identifier").text = identifier
    _narrative(
        activity, "reporting-org", plan.org["name"], ref=plan.org["ref"], type=plan.org["type"]
    )
    _narrative(activity, "title", title)
    for kind, text in descriptions:
        if text:
            _narrative(activity, "description", text, type=kind)
    return activity


def _dates(activity, plan, status, start, end, actual_start=None, actual_end=None):
    ET.SubElement(activity, "activity-status", {"code": status})
    ET.SubElement(activity, "activity-date", {"type": "1", "iso-date": start.isoformat()})
    if actual_start:
        ET.SubElement(
            activity, "activity-date", {"type": "2", "iso-date": actual_start.isoformat()}
        )
    ET.SubElement(activity, "activity-date", {"type": "3", "iso-date": end.isoformat()})
    if actual_end:
        ET.SubElement(activity, "activity-date", {"type": "4", "iso-date": actual_end.isoformat()})


def _actual_dates(plan, activity, start, end):
    """(actual start, actual end) the activity's status implies, never after today."""
    if activity.status not in STARTED:
        return None, None
    updates = plan.updates[activity.pk]
    under_way = [u.date for u in updates if u.status in STARTED]
    actual_start = min([*under_way[:1], start, plan.today])
    if activity.status != Status.COMPLETED:
        return actual_start, None
    completed = [u.date for u in updates if u.status == Status.COMPLETED]
    actual_end = min(completed[-1] if completed else end, plan.today)
    return actual_start, max(actual_end, actual_start)


def _regions(activity, weights):
    percentages = shares(weights) or {GLOBAL_REGION: HUNDRED}
    for code, share in sorted(percentages.items(), key=lambda item: int(item[0])):
        ET.SubElement(
            activity,
            "recipient-region",
            {"code": code, "vocabulary": "1", "percentage": _number(share)},
        )


def _sectors(activity, plan, sector_weights, strand):
    for code, share in sorted(shares(sector_weights).items()):
        ET.SubElement(
            activity, "sector", {"vocabulary": "1", "code": code, "percentage": _number(share)}
        )
    _narrative(
        activity,
        "sector",
        f"{strand.number}. {strand.title}",
        vocabulary="99",
        vocabulary_uri=plan.url(plan.workplan.get_absolute_url()),
        code=f"CMS-CB-{strand.number}",
        percentage="100",
    )


def _budgets(activity, periods):
    for start, end, amount in periods:
        element = ET.SubElement(activity, "budget", {"type": "1", "status": "1"})
        ET.SubElement(element, "period-start", {"iso-date": start.isoformat()})
        ET.SubElement(element, "period-end", {"iso-date": end.isoformat()})
        value = ET.SubElement(
            element, "value", {"currency": "USD", "value-date": start.isoformat()}
        )
        value.text = f"{amount:.2f}"


def _transactions(activity, plan, contributions):
    for contribution in contributions:
        if contribution.date > plan.today:
            continue  # a pledge dated ahead is not a transaction yet
        kind = "1" if contribution.state == Contribution.State.RECEIVED else "11"
        element = ET.SubElement(activity, "transaction")
        ET.SubElement(element, "transaction-type", {"code": kind})
        ET.SubElement(element, "transaction-date", {"iso-date": contribution.date.isoformat()})
        value = ET.SubElement(
            element, "value", {"currency": "USD", "value-date": contribution.date.isoformat()}
        )
        value.text = f"{contribution.amount_usd:.2f}"
        name, ref, org_type = donor_of(contribution)
        attrs = {k: v for k, v in (("ref", ref), ("type", org_type)) if v}
        provider = ET.SubElement(element, "provider-org", attrs)
        ET.SubElement(provider, "narrative").text = name


def _document_link(activity, plan, url, title):
    link = ET.SubElement(activity, "document-link", {"format": "text/html", "url": url})
    _narrative(link, "title", title)
    ET.SubElement(link, "category", {"code": "A02"})  # objectives / purpose of activity
    ET.SubElement(link, "language", {"code": "en"})


def _indicator_results(activity, plan, indicators):
    for indicator in indicators:
        percent = indicator.unit.strip() == "%"
        result = ET.SubElement(activity, "result", {"type": "2", "aggregation-status": "0"})
        _narrative(result, "title", indicator.name)
        if indicator.description:
            _narrative(result, "description", indicator.description)
        element = ET.SubElement(
            result, "indicator", {"measure": "2" if percent else "1", "ascending": "1"}
        )
        _narrative(element, "title", f"{indicator.code} {indicator.name} ({indicator.unit})")
        start = indicator.baseline_date or plan.start
        end = max(indicator.target_date or plan.end, start)
        if indicator.baseline is not None:
            ET.SubElement(
                element,
                "baseline",
                {
                    "year": str(start.year),
                    "iso-date": start.isoformat(),
                    "value": _number(indicator.baseline),
                },
            )
        period = ET.SubElement(element, "period")
        ET.SubElement(period, "period-start", {"iso-date": start.isoformat()})
        ET.SubElement(period, "period-end", {"iso-date": end.isoformat()})
        if indicator.target is not None:
            ET.SubElement(period, "target", {"value": _number(indicator.target)})
        if indicator.actual is not None:
            ET.SubElement(period, "actual", {"value": _number(indicator.actual)})


def _trainees_result(activity, plan):
    trainings = plan.trainings
    result = ET.SubElement(activity, "result", {"type": "1", "aggregation-status": "1"})
    _narrative(result, "title", "Trainees trained (CMS capacity-building trainings)")
    indicator = ET.SubElement(result, "indicator", {"measure": "1", "ascending": "1"})
    _narrative(indicator, "title", "Number of trainees trained, by sex")
    ET.SubElement(
        indicator,
        "baseline",
        {"year": str(plan.start.year), "iso-date": plan.start.isoformat(), "value": "0"},
    )
    period = ET.SubElement(indicator, "period")
    ET.SubElement(period, "period-start", {"iso-date": plan.start.isoformat()})
    ET.SubElement(period, "period-end", {"iso-date": plan.end.isoformat()})
    for sex, count in (("female", trainings["women"]), ("male", trainings["men"])):
        actual = ET.SubElement(period, "actual", {"value": str(count)})
        ET.SubElement(actual, "dimension", {"name": "sex", "value": sex})
    if trainings["other"]:
        actual = ET.SubElement(period, "actual", {"value": str(trainings["other"])})
        ET.SubElement(actual, "dimension", {"name": "sex", "value": "other or not stated"})


def _training_regions(plan):
    """{DAC region code: trainings} of the plan's trainings held, by their CMS region."""
    weights = defaultdict(int)
    for row in (plan.trainings or {}).get("by_region", []):
        weights[DAC_REGION.get(row["region"], GLOBAL_REGION)] += row["held"]
    return dict(weights)


def _activity_budget(activity, plan):
    """The top of the estimate by year; zero where the plan needs no additional funds."""
    amount = Decimal("0") if activity.no_additional_funds else activity.budget_max
    return yearly_budgets(
        amount,
        activity.planned_start or plan.start,
        activity.planned_end or plan.end,
    )


def workplan_to_iati(workplan, *, base_url):
    """The plan as an <iati-activities> document (bytes, UTF-8). A fixed number of queries.

    ``base_url`` ("https://host") makes the links to the public pages absolute."""
    plan = Plan(workplan, base_url)
    now = timezone.now().replace(microsecond=0)
    root = ET.Element(
        "iati-activities", {"version": VERSION, "generated-datetime": now.isoformat()}
    )

    for strand in plan.strands:
        children = plan.children[strand.pk]
        strand_id = plan.identifier(f"S{strand.number}")
        budgets = {child.pk: _activity_budget(child, plan) for child in children}
        updated = max([c.updated_at for c in children], default=now)
        parent = _head(
            root,
            plan,
            strand_id,
            f"{workplan.title}: {strand.number}. {strand.title}",
            [("1", strand.objective), ("4", strand.note)],
            1,
            updated,
        )
        _org(parent, "2", plan.org["name"], plan.org["ref"], plan.org["type"])
        donors = {**plan.core_donors, **plan.strand_donors[strand.pk]}
        for name in sorted(donors):
            _org(parent, "1", *donors[name])
        implementing = {}
        for child in children:
            for body in child.bodies.all():
                if body.kind != Body.Kind.COUNCIL:
                    implementing[body.name] = body_org(body)
        for name in sorted(implementing):
            _org(parent, "4", *implementing[name])
        starts = [a.planned_start for a in children if a.planned_start] or [plan.start]
        ends = [a.planned_end for a in children if a.planned_end] or [plan.end]
        actuals = [_actual_dates(plan, c, c.planned_start or plan.start, c.planned_end or plan.end)
                   for c in children]  # fmt: skip
        status = strand_status(children)
        actual_starts = [a for a, _e in actuals if a]
        actual_ends = [e for _a, e in actuals if e]
        _dates(
            parent,
            plan,
            status,
            min(starts),
            max(ends),
            min(actual_starts) if actual_starts and status in ("2", "3", "4") else None,
            max(actual_ends) if status == "4" and actual_ends else None,
        )
        _regions(parent, _training_regions(plan) if strand.number == 1 else {})
        sector_count = defaultdict(int)
        for child in children:
            sector_count[child.sector] += 1
        _sectors(parent, plan, sector_count or {"41010": 1}, strand)
        by_year = defaultdict(Decimal)
        for periods in budgets.values():
            for start, _end, amount in periods:
                by_year[start.year] += amount
        _budgets(
            parent,
            [
                (max(date(y, 1, 1), min(starts)), min(date(y, 12, 31), max(ends)), by_year[y])
                for y in sorted(by_year)
            ],
        )
        _document_link(
            parent, plan, plan.url(workplan.get_absolute_url()), f"{workplan.title} (CMS)"
        )
        for child in children:
            ET.SubElement(
                parent, "related-activity", {"ref": plan.identifier(child.code), "type": "2"}
            )
        if strand.number == 1 and plan.trainings and plan.trainings["total"]:
            _trainees_result(parent, plan)
        _indicator_results(parent, plan, plan.results[("strand", strand.pk)])

        for activity in children:
            _child(root, plan, strand_id, activity, budgets[activity.pk])
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def _child(root, plan, strand_id, activity, budgets):
    words = f"Budget estimate: {budget_words(activity)}."
    if activity.budget_is_range:
        words += " The budget value given is the top of the range."
    if activity.budget_text:
        words += f" As written in the plan: “{activity.budget_text}”"
    element = _head(
        root,
        plan,
        plan.identifier(activity.code),
        f"{activity.code} {activity.title}",
        [("1", activity.methodology or activity.title), ("4", words)],
        2,
        activity.updated_at,
    )
    _org(element, "2", plan.org["name"], plan.org["ref"], plan.org["type"])
    funders = {}
    for contribution in plan.earmarked[activity.pk]:
        donor = donor_of(contribution)
        funders[donor[0]] = donor
    for name in sorted(funders):
        _org(element, "1", *funders[name])
    for body in activity.bodies.all():
        if body.kind != Body.Kind.COUNCIL:  # StC and ScC oversee; they do not implement
            _org(element, "4", *body_org(body))
    start = activity.planned_start or plan.start
    end = activity.planned_end or plan.end
    _dates(
        element,
        plan,
        activity_status(activity.status, activity.phase),
        start,
        end,
        *_actual_dates(plan, activity, start, end),
    )
    _regions(element, {})
    _sectors(element, plan, {activity.sector: 1}, activity.strand)
    _budgets(element, budgets)
    _transactions(element, plan, plan.earmarked[activity.pk])
    _document_link(
        element, plan, plan.url(activity.get_absolute_url()), f"{activity.code} {activity.title}"
    )
    ET.SubElement(element, "related-activity", {"ref": strand_id, "type": "1"})
    for other in activity.depends_on.all():
        ET.SubElement(
            element, "related-activity", {"ref": plan.identifier(other.code), "type": "3"}
        )
    _indicator_results(element, plan, plan.results[("activity", activity.pk)])
