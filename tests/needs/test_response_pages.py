import uuid

import pytest
from django.urls import reverse

from needs.models import CountryResponse, TrainingNeed
from tests.needs.conftest import post_data

Status = CountryResponse.Status


@pytest.fixture
def edit_url(open_round):
    return reverse("needs:response-edit", kwargs={"round_pk": open_round.pk})


def test_my_country_lists_the_open_round(client, nfp_kenya, open_round, closed_round):
    client.force_login(nfp_kenya)
    page = client.get(reverse("needs:my-country")).content.decode()
    assert "Kenya" in page
    assert "Needs 2012" in page and "Start the response" in page
    assert "Needs 2011" in page  # under other rounds


def test_nfp_saves_a_draft_and_sees_it_again(client, nfp_kenya, open_round, lookups, edit_url):
    client.force_login(nfp_kenya)
    needs = [
        {**_row(lookups, "topic")},
        {**_row(lookups, "topic2"), "priority": 2},
    ]
    response = client.post(edit_url, post_data(lookups, needs))
    assert response.status_code == 302
    page = client.get(edit_url).content.decode()
    assert "Draft saved." in page
    assert "A national wildlife service." in page
    saved = CountryResponse.objects.get()
    assert saved.status == Status.DRAFT and saved.needs.count() == 2
    assert 'value="100"' in page  # completeness


def test_form_error_is_shown_in_place_and_keeps_what_was_typed(
    client, nfp_kenya, open_round, lookups, edit_url
):
    client.force_login(nfp_kenya)
    data = post_data(lookups, [{**_row(lookups, "topic"), "priority": "9"}])
    data["constraints_and_gaps"] = "Our own words"
    response = client.post(edit_url, data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "less than or equal to 5" in page
    assert "Our own words" in page
    assert not CountryResponse.objects.exists()


def test_submit_locks_the_form_and_says_who_submitted(
    client, nfp_kenya, open_round, lookups, edit_url
):
    client.force_login(nfp_kenya)
    client.post(edit_url, post_data(lookups, [_row(lookups, "topic")], action="submit"))
    page = client.get(edit_url).content.decode()
    assert "This response is locked." in page
    assert "nfp_ke" in page
    assert 'id="response-form"' not in page
    assert "Request reopening" in page


def test_repeated_submit_post_stores_one_response(client, nfp_kenya, open_round, lookups, edit_url):
    client.force_login(nfp_kenya)
    data = post_data(
        lookups, [_row(lookups, "topic"), _row(lookups, "topic2")], "submit", str(uuid.uuid4())
    )
    for _attempt in range(3):
        assert client.post(edit_url, data).status_code == 302
    assert CountryResponse.objects.count() == 1
    assert TrainingNeed.objects.count() == 2
    assert CountryResponse.objects.get().status == Status.SUBMITTED


def test_submit_without_needs_shows_the_reason_and_keeps_the_answers(
    client, nfp_kenya, open_round, lookups, edit_url
):
    client.force_login(nfp_kenya)
    response = client.post(edit_url, post_data(lookups, [], action="submit"))
    assert response.status_code == 400
    assert "Add at least one training need" in response.content.decode()
    assert "No trained staff for monitoring." in response.content.decode()


def test_closed_round_shows_why_and_refuses_a_post(client, nfp_kenya, closed_round, lookups):
    client.force_login(nfp_kenya)
    url = reverse("needs:response-edit", kwargs={"round_pk": closed_round.pk})
    assert "closed on" in client.get(url).content.decode()
    response = client.post(url, post_data(lookups, [_row(lookups, "topic")]), follow=True)
    assert "closed on" in response.content.decode()
    assert not CountryResponse.objects.exists()


def test_returned_response_shows_the_reason_to_the_nfp(
    client, nfp_kenya, secretariat, open_round, lookups, edit_url
):
    client.force_login(nfp_kenya)
    client.post(edit_url, post_data(lookups, [_row(lookups, "topic")], action="submit"))
    response = CountryResponse.objects.get()
    client.force_login(secretariat)
    client.post(
        reverse("needs:response-return", kwargs={"pk": response.pk}),
        {"reason": "Please give trainee numbers."},
    )
    client.force_login(nfp_kenya)
    page = client.get(edit_url).content.decode()
    assert "Please give trainee numbers." in page
    assert 'id="response-form"' in page


def test_nfp_cannot_see_another_countrys_response(
    client, nfp_peru, nfp_kenya, open_round, lookups, edit_url
):
    client.force_login(nfp_kenya)
    client.post(edit_url, post_data(lookups, [_row(lookups, "topic")]))
    response = CountryResponse.objects.get()
    client.force_login(nfp_peru)
    assert (
        client.get(reverse("needs:response-detail", kwargs={"pk": response.pk})).status_code == 404
    )
    # Peru's own form for the round is Peru's, and empty.
    page = client.get(edit_url).content.decode()
    assert "Peru" in page and "A national wildlife service." not in page


def test_nfp_asks_to_reopen(client, nfp_kenya, open_round, lookups, edit_url):
    client.force_login(nfp_kenya)
    client.post(edit_url, post_data(lookups, [_row(lookups, "topic")], action="submit"))
    response = CountryResponse.objects.get()
    client.post(
        reverse("needs:response-request-reopen", kwargs={"pk": response.pk}),
        {"reason": "A ministry added a need."},
    )
    page = client.get(edit_url).content.decode()
    assert "Reopening requested" in page and "A ministry added a need." in page


def _row(lookups, topic):
    from tests.needs.conftest import need

    row = need(lookups, topic)
    row["id"] = ""
    return row
