"""IATI 2.03 activity export of a work plan.

Each strand is a parent activity (hierarchy 1) and each work-plan activity its child (hierarchy 2),
linked both ways with related-activity (type 1 parent, type 2 child). Codes follow the IATI
codelists: OrganisationRole 1 funding, 2 accountable, 4 implementing; BudgetStatus 1 indicative;
ActivityDateType 1 planned start, 3 planned end; ResultType 1 output; IndicatorMeasure 1 unit.
"""

from collections import defaultdict
from datetime import date
from xml.etree import ElementTree as ET  # noqa: S405 - we build XML, never parse untrusted input

from django.conf import settings
from django.utils import timezone

from evaluation.selectors import trainings_summary
from workplan.models import Activity, Contribution, Phase, Status, Strand
from workplan.templatetags.workplan_tags import budget_range

VERSION = "2.03"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def reporting_org():
    """The Secretariat's IATI organisation identifier (UNEP administers the CMS Secretariat)."""
    return {
        "ref": getattr(settings, "IATI_REPORTING_ORG_REF", "XM-DAC-41116"),
        "type": getattr(settings, "IATI_REPORTING_ORG_TYPE", "40"),  # 40 multilateral
        "name": getattr(settings, "IATI_REPORTING_ORG_NAME", "UNEP/CMS Secretariat"),
    }


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


def _head(parent, identifier, title, descriptions, hierarchy, updated):
    activity = ET.SubElement(
        parent,
        "iati-activity",
        {
            "last-updated-datetime": updated,
            XML_LANG: "en",
            "default-currency": "USD",
            "hierarchy": str(hierarchy),
        },
    )
    ET.SubElement(activity, "iati-identifier").text = identifier
    org = reporting_org()
    _narrative(activity, "reporting-org", org["name"], ref=org["ref"], type=org["type"])
    _narrative(activity, "title", title)
    for kind, text in descriptions:
        if text:
            _narrative(activity, "description", text, type=kind)
    return activity


def _dates_and_budget(activity, status, start, end, budget=None, today=None):
    ET.SubElement(activity, "activity-status", {"code": status})
    ET.SubElement(activity, "activity-date", {"type": "1", "iso-date": start.isoformat()})
    ET.SubElement(activity, "activity-date", {"type": "3", "iso-date": end.isoformat()})
    if budget:
        element = ET.SubElement(activity, "budget", {"type": "1", "status": "1"})
        ET.SubElement(element, "period-start", {"iso-date": start.isoformat()})
        ET.SubElement(element, "period-end", {"iso-date": end.isoformat()})
        value = ET.SubElement(
            element, "value", {"currency": "USD", "value-date": start.isoformat()}
        )
        value.text = f"{budget:.2f}"


def _trainees_result(activity, workplan, trainings):
    result = ET.SubElement(activity, "result", {"type": "1", "aggregation-status": "1"})
    _narrative(result, "title", "Trainees trained (CMS capacity-building trainings)")
    indicator = ET.SubElement(result, "indicator", {"measure": "1", "ascending": "1"})
    _narrative(indicator, "title", "Number of trainees trained, by sex")
    period = ET.SubElement(indicator, "period")
    ET.SubElement(period, "period-start", {"iso-date": date(workplan.start_year, 1, 1).isoformat()})
    ET.SubElement(period, "period-end", {"iso-date": date(workplan.end_year, 12, 31).isoformat()})
    for sex, count in (("female", trainings["women"]), ("male", trainings["men"])):
        actual = ET.SubElement(period, "actual", {"value": str(count)})
        ET.SubElement(actual, "dimension", {"name": "sex", "value": sex})
    if trainings["other"]:
        actual = ET.SubElement(period, "actual", {"value": str(trainings["other"])})
        ET.SubElement(actual, "dimension", {"name": "sex", "value": "other or not stated"})


def workplan_to_iati(workplan):
    """The plan as an <iati-activities> document (bytes, UTF-8). A fixed number of queries."""
    org = reporting_org()
    strands = list(Strand.objects.filter(workplan=workplan).order_by("number"))
    activities = defaultdict(list)
    for activity in (
        Activity.objects.for_workplan(workplan).prefetch_related("bodies").order_by("code")
    ):
        activities[activity.strand_id].append(activity)
    donors = defaultdict(set)
    for contribution in Contribution.objects.for_workplan(workplan).select_related("activity"):
        donors[contribution.activity_id].add(contribution.donor)
        if contribution.activity_id:
            donors[("strand", contribution.activity.strand_id)].add(contribution.donor)
    trainings = trainings_summary(workplan)

    plan_start, plan_end = date(workplan.start_year, 1, 1), date(workplan.end_year, 12, 31)
    now = timezone.now().replace(microsecond=0).isoformat()
    base = f"{org['ref']}-CMS-CB-{workplan.slug}"
    root = ET.Element("iati-activities", {"version": VERSION, "generated-datetime": now})

    for strand in strands:
        strand_id = f"{base}-S{strand.number}"
        children = activities[strand.pk]
        parent = _head(
            root,
            strand_id,
            f"{workplan.title}: {strand.number}. {strand.title}",
            [("1", strand.objective), ("4", strand.note)],
            1,
            now,
        )
        _org(parent, "2", org["name"], org["ref"], org["type"])
        for donor in sorted(donors[("strand", strand.pk)] | donors[None]):
            _org(parent, "1", donor)
        implementing = {b.name for a in children for b in a.bodies.all()}
        for name in sorted(implementing):
            _org(parent, "4", name)
        starts = [a.planned_start for a in children if a.planned_start] or [plan_start]
        ends = [a.planned_end for a in children if a.planned_end] or [plan_end]
        _dates_and_budget(parent, strand_status(children), min(starts), max(ends))
        for child in children:
            ET.SubElement(parent, "related-activity", {"ref": f"{base}-{child.code}", "type": "2"})
        if strand.number == 1 and trainings and trainings["total"]:
            _trainees_result(parent, workplan, trainings)

        for activity in children:
            words = f"Budget estimate: {budget_range(activity)}."
            if activity.budget_is_range:
                words += " The budget value given is the top of the range."
            if activity.budget_text:
                words += f" As written in the plan: “{activity.budget_text}”"
            child = _head(
                root,
                f"{base}-{activity.code}",
                f"{activity.code} {activity.title}",
                [("1", activity.methodology or activity.title), ("4", words)],
                2,
                activity.updated_at.replace(microsecond=0).isoformat(),
            )
            _org(child, "2", org["name"], org["ref"], org["type"])
            for donor in sorted(donors[activity.pk]):
                _org(child, "1", donor)
            for body in activity.bodies.all():
                if body.kind != "council":  # StC and ScC oversee; they do not implement
                    _org(child, "4", body.name)
            _dates_and_budget(
                child,
                activity_status(activity.status, activity.phase),
                activity.planned_start or plan_start,
                activity.planned_end or plan_end,
                budget=activity.budget_max if activity.budget_max else None,
            )
            ET.SubElement(child, "related-activity", {"ref": strand_id, "type": "1"})
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)
