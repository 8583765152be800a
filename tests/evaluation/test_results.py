"""Results of a questionnaire from a known set of answers: counts, means, shares, exports."""

import csv
import io
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from openpyxl import load_workbook

from evaluation import services
from evaluation.models import KnowledgeScore
from evaluation.selectors.results import questionnaire_results
from tests.conftest import PASSWORD
from tests.evaluation.conftest import answers
from workplan import roles
from workplan.models import Country, FocalPoint

EVIL = '=HYPERLINK("http://evil.example","click")'


def make_nfp(django_user_model, iso2):
    user = django_user_model.objects.create_user(username=f"nfp_{iso2}", password=PASSWORD)
    user.groups.add(Group.objects.get(name=roles.NFP))
    FocalPoint.objects.create(user=user, country=Country.objects.get(iso2=iso2))
    return user


@pytest.fixture
def answered(django_user_model, nfp_questionnaire):
    """Four submitted responses (KE, AO, PE, AT) and one draft (BF)."""
    q = nfp_questionnaire
    rows = [
        (
            "KE",
            {
                "rating_1_5": 5,
                "yes_no": True,
                "single": "English",
                "multiple": ["Policy", "Field"],
                "number": 10,
                "text": EVIL,
            },
        ),
        (
            "AO",
            {
                "rating_1_5": 4,
                "yes_no": True,
                "single": "French",
                "multiple": ["Policy"],
                "number": 0,
                "text": "Good",
            },
        ),
        ("PE", {"rating_1_5": 4, "yes_no": False, "single": "English"}),
        ("AT", {"rating_1_5": 2, "yes_no": True, "multiple": ["Data", "Policy"], "number": 5}),
    ]
    for iso2, values in rows:
        services.response_submit(
            questionnaire=q, user=make_nfp(django_user_model, iso2), answers=answers(q, **values)
        )
    services.response_save_draft(
        questionnaire=q, user=make_nfp(django_user_model, "BF"), answers=answers(q, rating_1_5=1)
    )
    return q


def by_kind(results):
    return {figure["kind"]: figure for figure in results["questions"]}


def test_counts_means_and_shares_from_known_answers(answered):
    results = questionnaire_results(answered)
    assert results["submitted"] == 4 and results["drafts"] == 1
    figures = by_kind(results)

    rating = figures["rating_1_5"]
    assert rating["mean"] == Decimal("3.75")  # (5 + 4 + 4 + 2) / 4; the draft's 1 is left out
    assert [d["count"] for d in rating["distribution"]] == [0, 1, 0, 2, 1]

    yes_no = figures["yes_no"]
    assert [(d["count"], d["share"]) for d in yes_no["distribution"]] == [
        (3, Decimal("75.00")),
        (1, Decimal("25.00")),
    ]

    single = figures["single"]  # 3 answered: English 2, French 1, Spanish 0
    assert [(d["label"], d["share"]) for d in single["distribution"]] == [
        ("English", Decimal("66.67")),
        ("French", Decimal("33.33")),
        ("Spanish", Decimal("0.00")),
    ]

    multiple = figures["multiple"]  # 3 answered; shares are of those who answered
    assert [(d["label"], d["count"], d["share"]) for d in multiple["distribution"]] == [
        ("Policy", 3, Decimal("100.00")),
        ("Field", 1, Decimal("33.33")),
        ("Data", 1, Decimal("33.33")),
    ]

    number = figures["number"]
    assert number["mean"] == Decimal("5.00")  # (10 + 0 + 5) / 3
    assert (number["minimum"], number["maximum"]) == (0, 10)

    assert figures["text"]["texts"] == [EVIL, "Good"]


def test_response_rate_per_region(answered):
    rates = {row["region"] or "all": row for row in questionnaire_results(answered)["regions"]}
    # Parties in the loaded country list: Africa 45, Europe 43, CSA 15 (131 in all).
    assert (rates["africa"]["submitted"], rates["africa"]["parties"]) == (2, 45)
    assert rates["africa"]["rate"] == Decimal("4.44")
    assert rates["csa"]["rate"] == Decimal("6.67")
    assert rates["europe"]["rate"] == Decimal("2.33")
    assert rates["all"]["rate"] == Decimal("3.05")  # 4 / 131


def test_average_knowledge_gain_by_gender(
    participant_questionnaire, trainee, trainee2, django_user_model
):
    q = participant_questionnaire
    third = django_user_model.objects.create_user(username="trainee3", password=PASSWORD)
    fourth = django_user_model.objects.create_user(username="trainee4", password=PASSWORD)
    for user, gender, before, after in (
        (trainee, "woman", 40, 70),
        (trainee2, "woman", 50, 70),
        (third, "man", 60, 65),
    ):
        services.response_submit(
            questionnaire=q,
            user=user,
            answers=answers(q, rating_1_5=4, yes_no=True),
            knowledge={"gender": gender, "before": before, "after": after},
        )
    services.response_save_draft(  # a draft's scores do not count
        questionnaire=q,
        user=fourth,
        answers={},
        knowledge={"gender": "man", "before": 0, "after": 100},
    )
    KnowledgeScore.objects.create(
        questionnaire=q, trainee="T-9", gender="other", before=30, after=60
    )

    rows = {row["label"]: row for row in questionnaire_results(q)["knowledge"]}
    assert rows["Woman"]["gain"] == Decimal("25.00")
    assert rows["Man"]["gain"] == Decimal("5.00") and rows["Man"]["count"] == 1
    assert rows["Other or not stated"]["gain"] == Decimal("30.00")
    everyone = rows["All trainees"]
    assert (everyone["before"], everyone["after"], everyone["gain"]) == (
        Decimal("45.00"),
        Decimal("66.25"),
        Decimal("21.25"),
    )


def test_results_page_shows_figures_and_charts(client, stc, answered):
    client.force_login(stc)
    response = client.get(reverse("evaluation:questionnaire-results", args=[answered.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert '<span id="submitted-count">4</span>' in html
    assert '<strong class="mean">3.75</strong>' in html
    assert "66.67%" in html
    assert 'id="results-data"' in html and "<canvas" in html
    assert "evaluation-charts.js" in html


def test_csv_export_escapes_formulae(client, secretariat, answered):
    client.force_login(secretariat)
    response = client.get(reverse("evaluation:questionnaire-export", args=[answered.pk, "csv"]))
    assert response["Content-Type"] == "text/csv"
    rows = list(csv.reader(io.StringIO(response.getvalue().decode("utf-8-sig"))))
    assert len(rows) == 5  # header + 4 submitted, no draft
    kenya = next(row for row in rows if row[1] == "Kenya")
    assert kenya[-1] == "'" + EVIL
    assert kenya[-6] == "5"  # the rating


def test_xlsx_export_escapes_formulae(client, secretariat, answered):
    client.force_login(secretariat)
    response = client.get(reverse("evaluation:questionnaire-export", args=[answered.pk, "xlsx"]))
    sheet = load_workbook(io.BytesIO(response.getvalue())).active
    values = [cell.value for cell in sheet["K"]]
    assert "'" + EVIL in values
    assert not any(isinstance(v, str) and v.startswith("=") for row in sheet.values for v in row)


def test_unknown_export_format_is_404(client, secretariat, answered):
    client.force_login(secretariat)
    url = reverse("evaluation:questionnaire-export", args=[answered.pk, "pdf"])
    assert client.get(url).status_code == 404
