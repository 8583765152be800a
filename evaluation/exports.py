"""Spreadsheet exports: raw answers of a questionnaire, and the progress report figures.

Every cell goes through ``escape_formula``: text a spreadsheet would run as a formula (a leading =,
+, -, @, tab or carriage return) gets a leading apostrophe, by the rule all apps share.
"""

import csv
import io
from decimal import Decimal

from django.utils.translation import gettext as _
from openpyxl import Workbook

from evaluation.models import Answer
from workplan.exports import escape_formula


def answer_rows(questionnaire):
    """Header and one row per submitted response, one column per question. Three queries."""
    questions = list(questionnaire.questions.all())
    responses = list(
        questionnaire.responses.submitted().select_related("country", "respondent").order_by("pk")
    )
    answers = {
        (a.response_id, a.question_id): a
        for a in Answer.objects.filter(response__in=responses).select_related("question")
    }
    header = [_("response"), _("country"), _("region"), _("respondent"), _("submitted at")]
    header += [f"{q.order}. {q.text}" for q in questions]
    rows = []
    for response in responses:
        row = [
            response.pk,
            response.country.name if response.country else "",
            response.country.get_region_display() if response.country else "",
            response.respondent.get_username(),
            response.submitted_at.isoformat(timespec="seconds") if response.submitted_at else "",
        ]
        for question in questions:
            answer = answers.get((response.pk, question.pk))
            value = answer.value if answer else None
            if isinstance(value, Decimal):
                row.append(int(value) if value == value.to_integral_value() else value)
            else:
                row.append(answer.display if answer else "")
        rows.append([escape_formula(cell) for cell in row])
    return [escape_formula(h) for h in header], rows


def to_csv(header, rows):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8-sig")


def to_xlsx(sheets):
    """sheets: list of (title, header, rows). Returns the workbook bytes."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, header, rows in sheets:
        sheet = workbook.create_sheet(title=title[:31])
        sheet.append(header)
        for row in rows:
            sheet.append([escape_formula(cell) for cell in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def report_sheets(figures):
    """The progress report's figures as spreadsheet tables, dated."""
    plan = figures["workplan"]
    summary = [
        [_("Work plan"), plan["title"]],
        [_("Period"), plan["period"]],
        [_("Date of the figures"), figures["date"].isoformat()],
        [_("Region"), figures["region"] or _("All regions")],
        [_("Activities"), figures["activities"]["count"]],
        [_("Activities completed"), figures["activities"]["completed"]],
    ]
    budget = [
        [
            row["label"],
            row["minimum"],
            row["maximum"],
            row["undetermined"],
            row["pledged"],
            row["received"],
            row["gap_min"],
            row["gap_max"],
        ]
        for row in [*figures["budget"]["strands"], figures["budget"]["overall"]]
    ]
    activities = [
        [
            r["code"],
            r["title"],
            r["strand"],
            r["phase_label"],
            r["status_label"],
            r["planned_start"].isoformat() if r["planned_start"] else "",
            r["planned_end"].isoformat() if r["planned_end"] else "",
        ]
        for r in figures["activities"]["rows"]
    ]
    indicators = [
        [
            r["code"],
            r["name"],
            r["unit"],
            r["baseline"],
            r["target"],
            r["target_date"].isoformat() if r["target_date"] else "",
            r["current"],
            r["as_of"].isoformat() if r["as_of"] else "",
            ", ".join(r["shared_with"]),
            r["how"],
        ]
        for r in figures["indicators"]
    ]
    evaluations = [
        [r["title"], r["activity"], r["purpose"], r["submitted"], r["mean_rating"]]
        for r in figures["evaluations"]
    ]
    sheets = [
        (_("Summary"), [_("Figure"), _("Value")], summary),
        (
            _("Budget (US$)"),
            [
                _("Strand"),
                _("Estimate min"),
                _("Estimate max"),
                _("Activities to be determined"),
                _("Pledged"),
                _("Received"),
                _("Gap min"),
                _("Gap max"),
            ],
            budget,
        ),
        (
            _("Activities"),
            [_("Code"), _("Title"), _("Strand"), _("Phase"), _("Status"), _("Start"), _("End")],
            activities,
        ),
        (
            _("Indicators"),
            [
                _("Code"),
                _("Name"),
                _("Unit"),
                _("Baseline"),
                _("Target"),
                _("Target date"),
                _("Current"),
                _("As of"),
                _("Shared with"),
                _("How it is computed"),
            ],
            indicators,
        ),
        (
            _("Evaluations"),
            [_("Questionnaire"), _("Activity"), _("Purpose"), _("Responses"), _("Mean rating")],
            evaluations,
        ),
    ]
    if figures["trainings"]:
        t = figures["trainings"]
        sheets.append(
            (
                _("Trainings"),
                [_("Figure"), _("Value")],
                [
                    [_("Trainings held"), t["held"]],
                    [_("Women trained"), t["women"]],
                    [_("Men trained"), t["men"]],
                    [_("Other or undisclosed"), t["other"]],
                    [_("Countries reached"), t["countries_reached"]],
                ],
            )
        )
    if figures["needs"]:
        n = figures["needs"]
        sheets.append(
            (
                _("Needs assessment"),
                [_("Region"), _("Parties"), _("Submitted"), _("Share %")],
                [[r["label"], r["parties"], r["submitted"], r["share"]] for r in n["regions"]]
                + [[_("All regions"), n["parties"], n["submitted"], n["share"]]],
            )
        )
    return sheets
