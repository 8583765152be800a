"""report.xlsx and the answer exports, opened as a reader would: bold frozen filtered header,
dates as date cells in local time, money in a currency format, fitting widths."""

import io
from datetime import datetime

from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from tests.evaluation.test_dashboard import contributions  # noqa: F401
from tests.evaluation.test_export_stream import _body, answered  # noqa: F401


def test_report_xlsx_is_laid_out(client, secretariat, workplan_2012, contributions):  # noqa: F811
    client.force_login(secretariat)
    book = load_workbook(io.BytesIO(client.get(reverse("evaluation:report-xlsx")).content))
    assert book.sheetnames[:5] == ["Summary", "Budget (US$)", "Activities", "Indicators",
                                   "Evaluations"]  # fmt: skip
    for sheet in book.worksheets:
        assert sheet.freeze_panes == "A2"
        assert all(cell.font.b for cell in sheet[1])
        assert sheet.auto_filter.ref.startswith("A1:")
    budget = book["Budget (US$)"]
    assert budget["B2"].number_format == '"US$"#,##0.00' and budget["F2"].value == 40000
    activities = book["Activities"]
    assert activities["F2"].is_date and activities["F2"].value.year == 2012  # planned start
    assert activities.column_dimensions["B"].width > 30  # titles get room


def test_answer_xlsx_dates_are_local_date_cells(client, scc, answered):  # noqa: F811
    client.force_login(scc)
    response = client.get(reverse("evaluation:questionnaire-export", args=[answered.pk, "xlsx"]))
    sheet = load_workbook(io.BytesIO(_body(response))).active
    assert sheet.freeze_panes == "A2" and sheet["A1"].font.b
    submitted = sheet["E2"]
    assert isinstance(submitted.value, datetime) and submitted.is_date
    local = timezone.localtime(answered.responses.order_by("pk").first().submitted_at)
    assert abs((submitted.value - local.replace(tzinfo=None)).total_seconds()) < 2
