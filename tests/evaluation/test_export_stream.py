"""Answer exports stream: CSV rows go out as they are read, XLSX is written row by row, the
queries do not grow with the answers, formulae are escaped and numbers stay numbers."""

import csv
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from evaluation.models import Answer, Question, Response
from tests.evaluation.conftest import questions
from workplan.models import Country

EVIL = '=HYPERLINK("http://evil.example","click")'


def _submit(questionnaire, respondent, country, **values):
    """A submitted response with answers by kind (rating=4, yes_no=True ...), stored directly."""
    response = Response.objects.create(
        questionnaire=questionnaire,
        respondent=respondent,
        country=country,
        status=Response.Status.SUBMITTED,
        submitted_at=timezone.now(),
    )
    by_kind = questions(questionnaire)
    columns = {
        Question.Kind.RATING: "number",
        Question.Kind.NUMBER: "number",
        Question.Kind.YES_NO: "yes",
        Question.Kind.SINGLE: "text",
        Question.Kind.TEXT: "text",
        Question.Kind.MULTIPLE: "choices",
    }
    Answer.objects.bulk_create(
        Answer(response=response, question=by_kind[kind], **{columns[kind]: value})
        for kind, value in values.items()
    )
    return response


def _fill(questionnaire, respondent, count):
    """count responses from as many Parties, each answering the six questions."""
    for country in Country.objects.order_by("iso2")[:count]:
        _submit(
            questionnaire,
            respondent,
            country,
            rating_1_5=Decimal(4),
            yes_no=True,
            single="French",
            multiple=["Policy", "Data"],
            number=Decimal(3),
            text="More field work",
        )


def _body(response):
    assert response.streaming
    return b"".join(response.streaming_content)


def _csv(response):
    body = _body(response)
    assert body.startswith(b"\xef\xbb\xbf")  # UTF-8 byte-order mark, for Excel
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


@pytest.fixture
def answered(nfp_questionnaire, nfp_kenya, kenya, peru):
    """Kenya's answers try to inject formulae; Peru's are plain; a draft must not show."""
    _submit(
        nfp_questionnaire,
        nfp_kenya,
        kenya,
        rating_1_5=Decimal(5),
        yes_no=False,
        single="@SUM(A1:A9)",
        multiple=["Policy", "Field"],
        number=Decimal("-4.50"),
        text=EVIL,
    )
    _submit(nfp_questionnaire, nfp_kenya, peru, rating_1_5=Decimal(2), yes_no=True, number=0)
    Response.objects.create(
        questionnaire=nfp_questionnaire,
        respondent=nfp_kenya,
        country=Country.objects.exclude(pk__in=[kenya.pk, peru.pk]).first(),
    )
    return nfp_questionnaire


def test_questionnaire_csv_streams_answers_with_formulae_escaped(client, stc, answered):
    client.force_login(stc)
    response = client.get(reverse("evaluation:questionnaire-export", args=[answered.pk, "csv"]))
    assert response["Content-Type"] == "text/csv"
    assert response["Content-Disposition"] == (
        f'attachment; filename="questionnaire-{answered.pk}-answers.csv"'
    )
    header, *rows = _csv(response)
    # Capitalised as in every other export (they were "response", "country", ...).
    assert header[:5] == ["Response", "Country", "Region", "Respondent", "Submitted at"]
    assert header[5] == "1. How useful was the training?"
    by_country = {row[1]: row for row in rows}
    assert sorted(by_country) == ["Kenya", "Peru"]  # the draft is left out
    kenya = by_country["Kenya"]
    assert kenya[2:4] == ["Africa", "nfp_ke"]
    assert kenya[5:] == [
        "5",
        "No",
        "'@SUM(A1:A9)",
        "Policy; Field",
        "-4.50",  # a negative number stays a number, unescaped
        "'" + EVIL,
    ]
    assert by_country["Peru"][5:] == ["2", "Yes", "", "", "0", ""]


def test_questionnaire_xlsx_keeps_numbers_typed_and_escapes_text(client, scc, answered):
    client.force_login(scc)
    response = client.get(reverse("evaluation:questionnaire-export", args=[answered.pk, "xlsx"]))
    assert response["Content-Disposition"] == (
        f'attachment; filename="questionnaire-{answered.pk}-answers.xlsx"'
    )
    rows = list(load_workbook(io.BytesIO(_body(response))).active.values)
    kenya = next(row for row in rows if row[1] == "Kenya")
    assert kenya[5:] == (5, "No", "'@SUM(A1:A9)", "Policy; Field", -4.5, "'" + EVIL)
    assert isinstance(kenya[0], int)


def test_all_answers_csv_has_one_row_per_submitted_answer(
    client, secretariat, answered, workplan_2012
):
    client.force_login(secretariat)
    response = client.get(reverse("evaluation:answers-export"))
    assert response["Content-Disposition"] == 'attachment; filename="answers-all.csv"'
    header, *rows = _csv(response)
    assert header[-4:] == ["Question number", "Question", "Kind", "Answer"]
    assert len(rows) == 6 + 3  # Kenya answered six questions, Peru three; the draft none
    assert {row[0] for row in rows} == {workplan_2012.slug}
    kenya = {row[8]: row for row in rows if row[4] == "Kenya"}
    assert kenya["1"][-2:] == ["Rating 1-5", "5"]
    assert kenya["5"][-1] == "-4.50"
    assert kenya["6"][-1] == "'" + EVIL
    assert kenya["3"][-1] == "'@SUM(A1:A9)"


def test_all_answers_of_one_work_plan(client, stc, answered, workplan_2012):
    client.force_login(stc)
    url = reverse("evaluation:answers-export")
    response = client.get(url, {"workplan": workplan_2012.slug})
    assert response["Content-Disposition"] == (
        f'attachment; filename="answers-{workplan_2012.slug}.csv"'
    )
    assert len(_csv(response)) == 1 + 9
    assert client.get(url, {"workplan": "no-such-plan"}).status_code == 404


def test_header_goes_out_before_any_answer_is_read(client, stc, answered):
    client.force_login(stc)
    response = client.get(reverse("evaluation:answers-export"))
    chunks = iter(response.streaming_content)
    with CaptureQueriesContext(connection) as queries:
        first = next(chunks)
    assert first.decode("utf-8-sig").startswith("Work plan,Questionnaire,")
    assert not queries.captured_queries  # the rows are read only as they are sent
    rest = b"".join(chunks)
    assert b"Kenya" in rest


@pytest.mark.parametrize(
    ("url_name", "fmt"),
    [("questionnaire-export", "csv"), ("questionnaire-export", "xlsx"), ("answers-export", "csv")],
)
def test_export_queries_do_not_grow_with_answers(
    client, stc, nfp_kenya, nfp_questionnaire, url_name, fmt, django_assert_max_num_queries
):
    client.force_login(stc)
    if url_name == "questionnaire-export":
        url = reverse(f"evaluation:{url_name}", args=[nfp_questionnaire.pk, fmt])
        # Session, user, roles 3; questionnaire, questions, responses, answers 4; the
        # savepoint around the cursors (2, inside the test's transaction).
        bound = 9
    else:
        url = reverse(f"evaluation:{url_name}")
        # Session, user, roles 3; answers 1; savepoint 2.
        bound = 6
    for responses in (8, 84):  # 48, then 504 answers
        Response.objects.all().delete()
        _fill(nfp_questionnaire, nfp_kenya, responses)
        with django_assert_max_num_queries(bound):
            body = _body(client.get(url))
        if fmt == "xlsx":
            cells = [v for row in load_workbook(io.BytesIO(body)).active.values for v in row]
        else:
            cells = [v for row in csv.reader(io.StringIO(body.decode("utf-8-sig"))) for v in row]
        assert cells.count("More field work") == responses


EXPORTS = [("evaluation:answers-export", []), ("evaluation:questionnaire-export", ["xlsx"])]


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("anonymous", 302),
        ("nfp_kenya", 403),
        ("trainee", 403),
        ("viewer", 403),
        ("stc", 200),
        ("scc", 200),
        ("secretariat", 200),
    ],
)
def test_who_may_export_answers(request, client, who, status, answered):
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))
    for name, args in EXPORTS:
        args = [answered.pk, *args] if args else []
        response = client.get(reverse(name, args=args))
        assert response.status_code == status, (who, name)
        if who == "anonymous":
            assert response["Location"].startswith(reverse("login"))
