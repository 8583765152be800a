"""The questionnaire answer form takes only its questions: a POST that adds country, status,
respondent or submitted_by changes none of them."""

from django.urls import reverse

from evaluation.models import Response
from tests.evaluation.conftest import form_data


def test_extra_fields_in_an_answer_post_change_nothing_undeclared(
    client, nfp_kenya, nfp_peru, kenya, peru, nfp_questionnaire
):
    client.force_login(nfp_kenya)
    url = reverse("evaluation:questionnaire-answer", args=[nfp_questionnaire.pk])
    data = {"save": "1", **form_data(nfp_questionnaire, rating_1_5="4")}
    data.update(
        country=peru.pk,
        status="submitted",
        submitted_by=nfp_peru.pk,
        respondent=nfp_peru.pk,
        submitted_at="2012-01-01 00:00",
        questionnaire="999",
    )
    assert client.post(url, data).status_code == 302
    response = Response.objects.get()
    assert response.country == kenya and response.respondent == nfp_kenya
    assert response.questionnaire == nfp_questionnaire
    assert response.status == Response.Status.DRAFT and response.submitted_at is None
    assert not Response.objects.filter(country=peru).exists()
