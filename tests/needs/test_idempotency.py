"""A needs-assessment submit is stored once: retried, sent twice at once, or replayed with
other content (refused as a conflict, the stored answers kept)."""

import uuid

import pytest
from django.urls import reverse

from needs.models import CountryResponse, TrainingNeed
from tests.needs.conftest import ANSWERS, need, post_data
from tests.security.concurrent import message_texts, post_at_once, postgres_only

Status = CountryResponse.Status


def _submit_data(lookups, key, **answers):
    rows = [{**need(lookups, "topic"), "id": ""}, {**need(lookups, "topic2"), "id": ""}]
    return post_data(lookups, rows, "submit", str(key), **answers)


def _edit_url(assessment_round):
    return reverse("needs:response-edit", kwargs={"round_pk": assessment_round.pk})


def test_the_same_submit_twice_stores_one_response_and_both_succeed(
    client, nfp_kenya, open_round, lookups
):
    client.force_login(nfp_kenya)
    data = _submit_data(lookups, uuid.uuid4())
    first = client.post(_edit_url(open_round), data)
    second = client.post(_edit_url(open_round), data)
    assert first.status_code == second.status_code == 302
    # Both submits queued their message (none was shown in between): both thank, none refuses.
    assert set(message_texts(second)) == {"Your country's response has been submitted. Thank you."}
    assert CountryResponse.objects.get().status == Status.SUBMITTED
    assert TrainingNeed.objects.count() == 2


def test_the_same_key_with_other_answers_is_a_conflict_and_keeps_the_first(
    client, nfp_kenya, open_round, lookups
):
    client.force_login(nfp_kenya)
    key = uuid.uuid4()
    client.post(_edit_url(open_round), _submit_data(lookups, key))
    changed = _submit_data(lookups, key, constraints_and_gaps="Something else entirely.")
    refused = client.post(_edit_url(open_round), changed)
    assert refused.status_code == 409
    assert "already submitted with other answers" in refused.content.decode()
    response = CountryResponse.objects.get()
    assert response.constraints_and_gaps == ANSWERS["constraints_and_gaps"]
    assert TrainingNeed.objects.count() == 2


def test_the_same_key_with_other_needs_is_a_conflict_and_keeps_the_needs(
    client, nfp_kenya, open_round, lookups
):
    client.force_login(nfp_kenya)
    key = uuid.uuid4()
    client.post(_edit_url(open_round), _submit_data(lookups, key))
    fewer = post_data(lookups, [{**need(lookups, "topic"), "id": ""}], "submit", str(key))
    assert client.post(_edit_url(open_round), fewer).status_code == 409
    assert TrainingNeed.objects.count() == 2


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_submits_store_one_response_and_both_succeed(nfp_kenya, open_round, lookups):
    data = _submit_data(lookups, uuid.uuid4())
    responses = post_at_once(nfp_kenya, _edit_url(open_round), data)
    assert [r.status_code for r in responses] == [302, 302]
    assert {r["Location"] for r in responses} == {_edit_url(open_round)}
    thanks = "Your country's response has been submitted. Thank you."
    assert [message_texts(r) for r in responses] == [[thanks], [thanks]]
    assert CountryResponse.objects.count() == 1
    assert CountryResponse.objects.get().status == Status.SUBMITTED
    assert TrainingNeed.objects.count() == 2
