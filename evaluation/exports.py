"""Spreadsheet exports: raw answers of a questionnaire or of every questionnaire, and the
progress report figures.

Every cell goes through ``escape_formula``: text a spreadsheet would run as a formula (a leading =,
+, -, @, tab or carriage return) gets a leading apostrophe, by the rule all apps share. Numbers
stay numbers.

Answers are read as plain tuples (``values_list``) from server-side cursors in chunks and turned
into rows one at a time, so an export of 150,000 answers holds a chunk in memory, never the lot,
and runs the same few queries however many answers there are. CSV goes out as a stream; XLSX is
written row by row by a write-only workbook to a temporary file.
"""

import csv

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from evaluation.models import Answer, Question, Response
from workplan import spreadsheets
from workplan.exports import escape_formula
from workplan.models import Region

CHUNK = 2000  # rows per fetch from the database cursor
LINES_PER_WRITE = 500  # CSV lines joined into one chunk of the response
NUMBER_KINDS = (Question.Kind.RATING, Question.Kind.NUMBER)


def _username_field(prefix):
    return f"{prefix}respondent__{get_user_model().USERNAME_FIELD}"


class _Cells:
    """Turns stored answer columns into cells, with the labels translated once, up front (the
    rows are produced after the view has returned, while the response streams)."""

    def __init__(self):
        self.yes, self.no = _("Yes"), _("No")
        self.regions = {value: str(label) for value, label in Region.choices}

    def answer(self, kind, number, yes, text, choices):
        """The cell of one answer, as the answer's own ``display`` shows it, numbers as numbers."""
        if kind in NUMBER_KINDS:
            if number is None:
                return ""
            return int(number) if number == number.to_integral_value() else number
        if kind == Question.Kind.YES_NO:
            return "" if yes is None else (self.yes if yes else self.no)
        if kind == Question.Kind.MULTIPLE:
            return "; ".join(choices or [])
        return text

    def region(self, value):
        return self.regions.get(value, "") if value else ""


def _when(moment):
    """A moment in local time without its zone: a date-time cell in XLSX, local text in CSV."""
    if not moment:
        return ""
    return timezone.localtime(moment).replace(tzinfo=None, microsecond=0)


def _escaped(row):
    return [escape_formula(cell) for cell in row]


def answer_rows(questionnaire):
    """Header, and an iterator of one row per submitted response, one column per question.

    Three queries however many answers: the questions, then the responses and their answers,
    both ordered by response and read side by side in chunks."""
    questions = list(questionnaire.questions.all())
    header = [_("response"), _("country"), _("region"), _("respondent"), _("submitted at")]
    header = [capfirst(h) for h in header]  # headers as every other export writes them
    header += [f"{q.order}. {q.text}" for q in questions]
    return _escaped(header), _answer_rows(questionnaire, questions, _Cells())


def _answer_rows(questionnaire, questions, cells):
    kinds = {q.pk: q.kind for q in questions}
    responses = (
        questionnaire.responses.submitted()
        .order_by("pk")
        .values_list("pk", "country__name", "country__region", _username_field(""), "submitted_at")
    )
    answers = (
        Answer.objects.filter(
            response__questionnaire=questionnaire, response__status=Response.Status.SUBMITTED
        )
        .order_by("response_id")
        .values_list("response_id", "question_id", "number", "yes", "text", "choices")
    )
    # Inside a transaction PostgreSQL's server-side cursors are read as the rows are sent;
    # outside one Django declares them WITH HOLD and the server builds the whole result first.
    with transaction.atomic():
        answer_iter = answers.iterator(chunk_size=CHUNK)
        pending = next(answer_iter, None)
        for pk, country, region, username, submitted_at in responses.iterator(chunk_size=CHUNK):
            values = {}
            while pending is not None and pending[0] <= pk:
                if pending[0] == pk:
                    _response, question, *stored = pending
                    values[question] = cells.answer(kinds[question], *stored)
                pending = next(answer_iter, None)
            row = [pk, country or "", cells.region(region), username, _when(submitted_at)]
            row += [values.get(q.pk, "") for q in questions]
            yield _escaped(row)


def all_answer_rows(workplan=None):
    """Header, and an iterator of one row per submitted answer of every questionnaire (or of
    one work plan's): one query, read in chunks."""
    header = [
        _("work plan"),
        _("questionnaire"),
        _("questionnaire title"),
        _("response"),
        _("country"),
        _("region"),
        _("respondent"),
        _("submitted at"),
        _("question number"),
        _("question"),
        _("kind"),
        _("answer"),
    ]
    header = [capfirst(h) for h in header]  # headers as every other export writes them
    return _escaped(header), _all_answer_rows(workplan, _Cells())


def _all_answer_rows(workplan, cells):
    kinds = {value: str(label) for value, label in Question.Kind.choices}
    answers = Answer.objects.filter(response__status=Response.Status.SUBMITTED)
    if workplan is not None:
        answers = answers.filter(response__questionnaire__activity__strand__workplan=workplan)
    answers = answers.order_by("response__questionnaire_id", "response_id", "question__order")
    answers = answers.values_list(
        "response__questionnaire__activity__strand__workplan__slug",
        "response__questionnaire_id",
        "response__questionnaire__title",
        "response_id",
        "response__country__name",
        "response__country__region",
        _username_field("response__"),
        "response__submitted_at",
        "question__order",
        "question__text",
        "question__kind",
        "number",
        "yes",
        "text",
        "choices",
    )
    with transaction.atomic():  # see _answer_rows: stream from the cursor
        for row in answers.iterator(chunk_size=CHUNK):
            plan, q_pk, title, r_pk, country, region, user, when, order, text, kind = row[:11]
            yield _escaped(
                [
                    plan,
                    q_pk,
                    title,
                    r_pk,
                    country or "",
                    cells.region(region),
                    user,
                    _when(when),
                    order,
                    text,
                    kinds.get(kind, kind),
                    cells.answer(kind, *row[11:]),
                ]
            )


class _Echo:
    """A file that hands back what is written, for csv.writer to format one line at a time."""

    def write(self, value):
        return value


def csv_chunks(header, rows):
    """The CSV as UTF-8 byte chunks, with a byte-order mark first so Excel reads it as UTF-8.
    The header goes out before the first row is read."""
    writer = csv.writer(_Echo())
    yield ("\ufeff" + writer.writerow(header)).encode("utf-8")
    lines = []
    for row in rows:
        lines.append(writer.writerow(row))
        if len(lines) >= LINES_PER_WRITE:
            yield "".join(lines).encode("utf-8")
            lines = []
    if lines:
        yield "".join(lines).encode("utf-8")


def xlsx_file(sheets):
    """sheets: (title, header, rows[, money columns]), rows any iterable: a write-only workbook
    laid out by ``workplan.spreadsheets`` in a temporary file, every cell escaped."""
    return spreadsheets.xlsx_file(
        [
            (title, _escaped(header), map(_escaped, rows), *money)
            for title, header, rows, *money in sheets
        ]
    )


def to_xlsx(sheets):
    """sheets: list of (title, header, rows[, money columns]). Returns the workbook bytes."""
    with xlsx_file(sheets) as file:
        return file.read()


def report_sheets(figures):
    """The progress report's figures as spreadsheet tables, dated."""
    plan = figures["workplan"]
    summary = [
        [_("Work plan"), plan["title"]],
        [_("Period"), plan["period"]],
        [_("Date of the figures"), figures["date"]],
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
            r["planned_start"] or "",
            r["planned_end"] or "",
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
            r["target_date"] or "",
            r["current"],
            r["as_of"] or "",
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
            (1, 2, 4, 5, 6, 7),  # money columns: US$
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
