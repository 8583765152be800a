"""A questionnaire submit is stored once: retried, sent twice at once, or replayed with other
answers (refused as a conflict, the stored answers kept)."""

import uuid
from decimal import Decimal

import pytest
from django.urls import reverse

from evaluation.models import Answer, Response
from tests.evaluation.conftest import form_data
from tests.security.concurrent import message_texts, post_at_once, postgres_only

THANKS = "Thank you: your response has been submitted."


def _url(questionnaire):
    return reverse("evaluation:questionnaire-answer", args=[questionnaire.pk])


def _data(questionnaire, key, **values):
    values = {"rating_1_5": "4", "yes_no": "yes", "text": "More field work", **values}
    return {"submit": "1", "submission_key": str(key), **form_data(questionnaire, **values)}


def test_the_same_submit_twice_stores_one_response_and_both_succeed(
    client, nfp_kenya, nfp_questionnaire
):
    client.force_login(nfp_kenya)
    data = _data(nfp_questionnaire, uuid.uuid4())
    first = client.post(_url(nfp_questionnaire), data)
    second = client.post(_url(nfp_questionnaire), data)
    stored = Response.objects.get()
    assert first["Location"] == second["Location"] == stored.get_absolute_url()
    assert set(message_texts(second)) == {THANKS}
    assert stored.is_submitted and Answer.objects.count() == 3


def test_the_same_key_with_other_answers_is_a_conflict_and_keeps_the_first(
    client, nfp_kenya, nfp_questionnaire
):
    client.force_login(nfp_kenya)
    key = uuid.uuid4()
    client.post(_url(nfp_questionnaire), _data(nfp_questionnaire, key))
    refused = client.post(_url(nfp_questionnaire), _data(nfp_questionnaire, key, rating_1_5="1"))
    assert refused.status_code == 409
    assert "already submitted with other answers" in refused.content.decode()
    assert Answer.objects.get(question__kind="rating_1_5").number == Decimal("4")
    assert Answer.objects.get(question__kind="text").text == "More field work"


def test_a_retry_with_knowledge_scores_replays_and_other_scores_conflict(
    client, trainee, participant_questionnaire
):
    client.force_login(trainee)
    key = uuid.uuid4()
    scores = {"gender": "woman", "before": "40", "after": "75"}
    data = {**_data(participant_questionnaire, key), **scores}
    assert client.post(_url(participant_questionnaire), data).status_code == 302
    assert client.post(_url(participant_questionnaire), data).status_code == 302
    refused = client.post(_url(participant_questionnaire), {**data, "after": "90"})
    assert refused.status_code == 409
    assert Response.objects.get().knowledge_score.after == Decimal("75")


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_submits_store_one_response_and_both_succeed(nfp_kenya, nfp_questionnaire):
    data = _data(nfp_questionnaire, uuid.uuid4())
    responses = post_at_once(nfp_kenya, _url(nfp_questionnaire), data)
    stored = Response.objects.get()
    assert [r.status_code for r in responses] == [302, 302]
    assert {r["Location"] for r in responses} == {stored.get_absolute_url()}
    assert [message_texts(r) for r in responses] == [[THANKS], [THANKS]]
    assert stored.is_submitted and Answer.objects.count() == 3
