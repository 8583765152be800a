"""Every write to a questionnaire response leaves a history record naming who made it, the
bulk-written answers included; and copying a questionnaire in the admin names the officer."""

import uuid

from django.urls import reverse

from evaluation.models import Answer, Question, Questionnaire, Response
from tests.evaluation.conftest import form_data


def test_draft_change_clear_and_submit_of_answers_name_the_respondent(
    client, nfp_kenya, nfp_questionnaire
):
    client.force_login(nfp_kenya)
    url = reverse("evaluation:questionnaire-answer", args=[nfp_questionnaire.pk])
    client.post(url, {"save": "1", **form_data(nfp_questionnaire, rating_1_5="3", text="Good")})
    cleared = form_data(nfp_questionnaire, 1, rating_1_5="4")  # text cleared
    client.post(url, {"save": "1", **cleared})
    data = {"submit": "1", "submission_key": str(uuid.uuid4())}
    data.update(form_data(nfp_questionnaire, 2, rating_1_5="5", yes_no="yes"))
    assert client.post(url, data).status_code == 302

    response = Response.objects.get()
    assert response.is_submitted
    assert {r.history_user for r in response.history.all()} == {nfp_kenya}
    kinds = sorted(Answer.history.values_list("history_type", flat=True))
    assert kinds == ["+", "+", "+", "-", "~", "~"]  # 2 drafts' rows, a cleared one, 2 updates
    assert {r.history_user for r in Answer.history.all()} == {nfp_kenya}


def test_copy_action_names_the_officer(client, secretariat, nfp_questionnaire):
    client.force_login(secretariat)
    client.post(
        reverse("admin:evaluation_questionnaire_changelist"),
        {"action": "copy_questionnaire", "_selected_action": nfp_questionnaire.pk},
    )
    copy = Questionnaire.objects.exclude(pk=nfp_questionnaire.pk).get()
    assert copy.history.get().history_user == secretariat
    copied = Question.history.filter(questionnaire_id=copy.pk)
    assert copied.count() == 6
    assert {r.history_user for r in copied} == {secretariat}
