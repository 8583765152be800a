"""The Secretariat builds questionnaires and indicators in the admin, without a developer."""

import pytest
from django.urls import reverse

from evaluation.models import Question, Questionnaire


@pytest.mark.parametrize("model", ["questionnaire", "response", "indicator", "convention"])
def test_secretariat_opens_every_evaluation_admin_page(
    client, secretariat, model, nfp_questionnaire
):
    client.force_login(secretariat)
    assert client.get(reverse(f"admin:evaluation_{model}_changelist")).status_code == 200
    assert client.get(reverse(f"admin:evaluation_{model}_add")).status_code == 200


def _inline(prefix, rows):
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for n, row in enumerate(rows):
        data.update({f"{prefix}-{n}-{key}": value for key, value in row.items()})
    return data


def test_secretariat_builds_a_questionnaire_with_ordered_questions(
    client, secretariat, activity_14
):
    client.force_login(secretariat)
    data = {
        "title_en": "Handbook use 2014",
        "purpose": "handbook_use",
        "activity": activity_14.pk,
        "audience": "nfps",
        "opens_on": "2014-01-01",
        "closes_on": "2014-03-31",
        **_inline(
            "questions",
            [
                {
                    "order": "2",
                    "text_en": "Which chapters?",
                    "kind": "multiple",
                    "required": "on",
                    "choices_en": "Listing\nAgreements\nReporting",
                },
                {
                    "order": "1",
                    "text_en": "How useful is the handbook?",
                    "kind": "rating_1_5",
                    "required": "on",
                },
            ],
        ),
        **_inline("knowledge_scores", []),
    }
    response = client.post(reverse("admin:evaluation_questionnaire_add"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    questionnaire = Questionnaire.objects.get(title="Handbook use 2014")
    assert [q.text for q in questionnaire.questions.all()] == [
        "How useful is the handbook?",
        "Which chapters?",
    ]
    assert Question.objects.get(order=2).choice_list == ["Listing", "Agreements", "Reporting"]
    assert questionnaire.history.count() == 1
