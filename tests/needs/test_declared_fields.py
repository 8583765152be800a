"""The NFP's response form takes only its declared answers: a POST that adds country, status or
submitted_by changes none of them."""

import uuid

from django.urls import reverse

from needs.models import CountryResponse
from tests.needs.conftest import need, post_data

EXTRA = ("country", "status", "submitted_by", "updated_by", "round", "submission_key")


def test_extra_fields_in_a_draft_post_change_nothing_undeclared(
    client, nfp_kenya, nfp_peru, kenya, peru, open_round, closed_round, lookups
):
    client.force_login(nfp_kenya)
    url = reverse("needs:response-edit", kwargs={"round_pk": open_round.pk})
    data = post_data(lookups, [{**need(lookups), "id": ""}], "save")
    data.update(
        country=peru.pk,
        status="accepted",
        submitted_by=nfp_peru.pk,
        updated_by=nfp_peru.pk,
        round=closed_round.pk,
        submitted_at="2012-01-01 00:00",
    )
    assert client.post(url, data).status_code == 302
    response = CountryResponse.objects.get()
    assert (response.country, response.round) == (kenya, open_round)
    assert response.status == CountryResponse.Status.DRAFT
    assert response.submitted_by is None and response.submitted_at is None
    assert response.updated_by == nfp_kenya
    assert not CountryResponse.objects.filter(country=peru).exists()


def test_extra_fields_in_a_submit_post_change_nothing_undeclared(
    client, nfp_kenya, nfp_peru, kenya, peru, open_round, lookups
):
    client.force_login(nfp_kenya)
    url = reverse("needs:response-edit", kwargs={"round_pk": open_round.pk})
    data = post_data(lookups, [{**need(lookups), "id": ""}], "submit", str(uuid.uuid4()))
    data.update(country=peru.pk, status="accepted", submitted_by=nfp_peru.pk)
    assert client.post(url, data).status_code == 302
    response = CountryResponse.objects.get()
    assert response.country == kenya
    assert response.status == CountryResponse.Status.SUBMITTED  # submitted, not "accepted"
    assert response.submitted_by == nfp_kenya
    assert response.needs.count() == 1


def test_a_need_pointing_at_another_response_is_refused_and_nothing_saved(
    client, nfp_kenya, open_round, lookups
):
    client.force_login(nfp_kenya)
    url = reverse("needs:response-edit", kwargs={"round_pk": open_round.pk})
    data = post_data(lookups, [{**need(lookups), "id": ""}], "save")
    data["needs-0-response"] = "999"
    assert client.post(url, data).status_code == 400
    assert not CountryResponse.objects.exists()


def test_the_form_declares_no_ownership_fields():
    from needs.forms import ResponseForm, TrainingNeedForm

    for form in (ResponseForm(), TrainingNeedForm()):
        assert not set(form.fields) & set(EXTRA) - {"submission_key"}
