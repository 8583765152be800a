"""The progress report as a PDF made on the server, read back with poppler's pdftotext."""

import io
import os
import re
import shutil
import subprocess
import sys

import pytest
from django.urls import reverse

from demo.seed import demo_seed
from workplan.models import Activity, Strand, WorkPlan

POPPLER = shutil.which("pdftotext") and shutil.which("pdfinfo")


def _require_poppler():
    if POPPLER:
        return
    if os.environ.get("CI") == "true":
        pytest.fail("pdftotext and pdfinfo (poppler-utils) are required in CI")
    pytest.skip("poppler-utils is not installed")


def _pages(pdf, tmp_path):
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    info = subprocess.run(["pdfinfo", path], capture_output=True, text=True, check=True).stdout
    count = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
    text = subprocess.run(
        ["pdftotext", "-layout", path, "-"], capture_output=True, text=True, check=True
    ).stdout
    pages = text.split("\f")[:count]
    return count, pages


@pytest.fixture(scope="module")
def large_demo(django_db_setup, django_db_blocker):
    """The large demo data (ten triennia, 133 Parties), seeded once for this module."""
    with django_db_blocker.unblock():
        demo_seed(scale="large", password="pw", stdout=io.StringIO())
        yield
        from django.core.management import call_command

        call_command("flush", "--no-input", verbosity=0)


@pytest.mark.django_db
def test_the_pdf_report_of_the_large_demo_data_has_everything_and_page_numbers(
    large_demo, client, tmp_path
):
    _require_poppler()
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username="demo-stc"))
    workplan = WorkPlan.objects.order_by("-start_year").first()
    response = client.get(reverse("evaluation:report-pdf"), {"workplan": workplan.slug})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    count, pages = _pages(response.content, tmp_path)
    text = "\n".join(pages)
    flat = re.sub(r"\s+", " ", text)
    # Every strand and every activity code of the plan.
    for strand in Strand.objects.filter(workplan=workplan):
        assert f"{strand.number}. {strand.title}"[:60] in flat, strand.title
    codes = Activity.objects.filter(strand__workplan=workplan).values_list("code", flat=True)
    assert len(codes) > 20
    for code in codes:
        assert re.search(rf"(?<![\d.]){re.escape(code)}(?![\d])", text), code
    # Every page has its number.
    for number, page in enumerate(pages, start=1):
        assert f"Page {number} / {count}" in page, number
    # The charts are drawn in it, from the same definitions as the dashboard's.
    for title in (
        "Activities by strand and status",
        "Budget per strand: estimate against contributions (US$)",
        "Indicators: progress from baseline to target",
        "Needs assessments submitted per region",
        "Handbook: chapters by status in each edition",
        "Leads to",  # the timeline's legend
    ):
        assert title in flat, title
    # Cover, contents, a title that does not repeat the period.
    assert "Contents" in pages[0] and f"{workplan.title} ({workplan.period})" not in flat
    # As many pages as the content needs: no page is mostly empty unless a chapter follows.
    chapters = (
        "Activities by strand",
        "Budget and contributions",
        "Indicators",
        "Needs-assessment coverage",
        "Handbook",
        "Timeline of activities",
    )
    for number, page in enumerate(pages[:-1], start=1):
        lines = [line for line in page.splitlines() if line.strip()]
        following = pages[number].lstrip()
        if len(lines) < 15:
            assert following.startswith(chapters), (number, lines)
    # And no more pages than its parts need: cover, a page or two per chapter, about five
    # activities and fourteen indicators to a page.
    indicators = workplan.indicators.count()
    assert count <= 2 * len(chapters) + len(codes) // 4 + indicators // 10


@pytest.mark.django_db
def test_the_pdf_page_says_what_is_missing_when_the_renderer_cannot_start(
    client, stc, workplan_2012, monkeypatch
):
    # WeasyPrint absent (as on a machine without it): importing it fails.
    monkeypatch.setitem(sys.modules, "weasyprint", None)
    client.force_login(stc)
    response = client.get(reverse("evaluation:report-pdf"))
    assert response.status_code == 503
    html = response.content.decode()
    assert "libpango-1.0-0 libpangoft2-1.0-0" in html
    assert reverse("evaluation:report") in html  # the printable page still works


@pytest.mark.django_db
def test_the_pdf_is_for_readers_only(client, nfp_kenya, workplan_2012):
    client.force_login(nfp_kenya)
    assert client.get(reverse("evaluation:report-pdf")).status_code in (403, 404)


@pytest.mark.django_db
def test_a_chapter_of_the_pdf_does_not_repeat_its_own_title(client, stc, workplan_2012, tmp_path):
    """ "Evaluation results" then "Evaluation results" again: the dashboard block's heading
    under the chapter's, said twice to the reader of the printed report."""
    _require_poppler()
    from handbook.models import Edition, HandbookPlan

    plan, _created = HandbookPlan.objects.get_or_create(workplan=workplan_2012)
    Edition.objects.get_or_create(plan=plan, language="en", version="1")
    client.force_login(stc)
    response = client.get(reverse("evaluation:report-pdf"))
    assert response.status_code == 200
    pdf = b"".join(response.streaming_content) if response.streaming else response.content
    _count, pages = _pages(pdf, tmp_path)
    lines = [line.strip() for page in pages for line in page.splitlines() if line.strip()]
    for title in ("Handbook", "Evaluation results"):
        assert title in lines
        repeated = [a for a, b in zip(lines, lines[1:], strict=False) if a == b == title]
        assert not repeated, title
