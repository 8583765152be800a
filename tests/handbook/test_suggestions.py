"""NFPs and partners suggest handbook content; the Secretariat triages; the proposer sees it."""

import uuid

import pytest
from django.urls import reverse

from handbook import services
from handbook.models import Suggestion
from tests.handbook.factories import make_suggestion

CREATE = reverse("handbook:suggestion-create")
LIST = reverse("handbook:suggestion-list")


def _post(client, **data):
    payload = {
        "theme": "Bycatch of seabirds",
        "text": "Explain how to reduce bycatch of albatrosses in longline fisheries.",
        "target_chapter": "",
        "submission_key": str(uuid.uuid4()),
    }
    payload.update(data)
    return client.post(CREATE, payload), payload


def test_nfp_suggestion_flow_end_to_end(client, nfp_kenya, kenya, secretariat, chapters):
    client.force_login(nfp_kenya)
    form_page = client.get(CREATE)
    assert form_page.status_code == 200
    assert "You suggest on behalf of Kenya" in form_page.content.decode()

    response, _payload = _post(client, target_chapter=chapters[1].pk)
    suggestion = Suggestion.objects.get()
    assert response.status_code == 302
    assert response["Location"] == suggestion.get_absolute_url()
    assert suggestion.country == kenya  # from the focal point, not the form
    assert suggestion.proposer == nfp_kenya
    assert suggestion.target_chapter == chapters[1]

    row = client.get(LIST).content.decode().split(f'data-suggestion="{suggestion.pk}"')[1]
    assert "Bycatch of seabirds" in row and ">New<" in row

    services.suggestion_triage(
        suggestion=suggestion,
        by=secretariat,
        outcome=Suggestion.Status.DECLINED,
        reason="Already covered by the CMS bycatch guidelines.",
    )
    row = client.get(LIST).content.decode().split(f'data-suggestion="{suggestion.pk}"')[1]
    assert ">Declined<" in row
    assert "Already covered by the CMS bycatch guidelines." in row
    detail = client.get(suggestion.get_absolute_url()).content.decode()
    assert "Declined" in detail and "Already covered by the CMS bycatch guidelines." in detail


def test_proposer_sees_the_chapter_a_suggestion_was_accepted_into(
    client, nfp_kenya, kenya, secretariat, plan, chapters
):
    suggestion = make_suggestion(plan=plan, proposer=nfp_kenya, country=kenya)
    services.suggestion_triage(
        suggestion=suggestion, by=secretariat, outcome="accepted", chapter=chapters[2]
    )
    client.force_login(nfp_kenya)
    outcome = client.get(suggestion.get_absolute_url()).content.decode().split('id="outcome"')[1]
    assert "Accepted into a chapter" in outcome
    assert "into chapter 3. Reporting to the Convention" in outcome


def test_a_retried_post_stores_one_suggestion(client, nfp_kenya, plan):
    client.force_login(nfp_kenya)
    first, payload = _post(client)
    second = client.post(CREATE, payload, follow=True)
    assert Suggestion.objects.count() == 1
    assert first["Location"] == second.redirect_chain[-1][0]
    assert "This suggestion had already been received." in second.content.decode()


def test_the_country_in_the_form_is_ignored(client, nfp_kenya, kenya, peru, plan):
    client.force_login(nfp_kenya)
    _post(client, country=peru.pk, organisation="Ministry of Peru")
    suggestion = Suggestion.objects.get()
    assert suggestion.country == kenya and suggestion.organisation == ""


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"theme": ""}, "theme", "This field is required."),
        ({"theme": " a "}, "theme", "Give the theme in at least 3 characters."),
        ({"text": "short"}, "text", "Say a little more: at least 10 characters."),
        ({"target_chapter": "999999"}, "target_chapter", "Select a valid choice."),
        ({"theme": "x" * 201}, "theme", "Ensure this value has at most 200 characters"),
    ],
)
def test_bad_input_gets_a_specific_error_and_saves_nothing(
    client, nfp_kenya, chapters, data, field, message
):
    client.force_login(nfp_kenya)
    response, _payload = _post(client, **data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == [field]
    assert message in errors[field][0]
    assert message in response.content.decode()
    assert not Suggestion.objects.exists()


def test_a_chapter_of_another_handbook_is_refused(client, nfp_kenya, plan, chapters):
    from handbook.models import Chapter, Edition, HandbookPlan
    from workplan.models import WorkPlan

    other_plan = HandbookPlan.objects.create(
        workplan=WorkPlan.objects.create(
            slug="2009-2011", title="Old plan", start_year=2009, end_year=2011
        )
    )
    other = Chapter.objects.create(
        edition=Edition.objects.create(plan=other_plan, language="en"), number=1, title="Old"
    )
    client.force_login(nfp_kenya)
    response, _payload = _post(client, target_chapter=other.pk)
    assert response.status_code == 200
    assert "target_chapter" in response.context["form"].errors
    assert not Suggestion.objects.exists()


def test_nfp_sees_only_their_own_countrys_suggestions(
    client, nfp_kenya, nfp_peru, kenya, peru, plan
):
    colleague_work = make_suggestion(plan=plan, proposer=nfp_peru, country=kenya, theme="Ours")
    theirs = make_suggestion(plan=plan, proposer=nfp_peru, country=peru, theme="Andean flamingos")
    client.force_login(nfp_kenya)
    html = client.get(LIST).content.decode()
    assert "Suggestions from Kenya" in html
    assert f'data-suggestion="{colleague_work.pk}"' in html
    assert "Andean flamingos" not in html
    assert client.get(theirs.get_absolute_url()).status_code == 404


def test_partner_suggests_for_their_organisation_and_sees_only_their_own(
    client, partner, nfp_kenya, kenya, plan
):
    kenyan = make_suggestion(plan=plan, proposer=nfp_kenya, country=kenya, theme="Kenyan")
    client.force_login(partner)
    _post(client, theme="Important Bird Areas")
    mine = Suggestion.objects.get(proposer=partner)
    assert mine.country is None and mine.organisation == "BirdLife International"
    html = client.get(LIST).content.decode()
    assert "Important Bird Areas" in html and "Kenyan" not in html
    assert client.get(kenyan.get_absolute_url()).status_code == 404


def test_secretariat_reads_every_suggestion_with_its_origin(
    client, secretariat, nfp_kenya, partner, kenya, plan
):
    make_suggestion(plan=plan, proposer=nfp_kenya, country=kenya)
    make_suggestion(plan=plan, proposer=partner, organisation="BirdLife International")
    client.force_login(secretariat)
    html = client.get(LIST).content.decode()
    assert html.count("data-suggestion=") == 2
    assert "Kenya" in html and "BirdLife International" in html


def test_list_filters_by_outcome(client, nfp_kenya, kenya, secretariat, plan, chapters):
    kept = make_suggestion(plan=plan, proposer=nfp_kenya, country=kenya, theme="Kept")
    make_suggestion(plan=plan, proposer=nfp_kenya, country=kenya, theme="Waiting")
    services.suggestion_triage(
        suggestion=kept, by=secretariat, outcome="accepted", chapter=chapters[0]
    )
    client.force_login(nfp_kenya)
    html = client.get(LIST, {"status": "accepted"}).content.decode()
    assert "Kept" in html and "Waiting" not in html


def test_list_query_count_does_not_grow(
    client, nfp_kenya, kenya, plan, chapters, django_assert_max_num_queries
):
    for n in range(60):
        make_suggestion(plan=plan, proposer=nfp_kenya, country=kenya, target_chapter=chapters[0])
    client.force_login(nfp_kenya)
    # session, user, groups (roles), focal point, count, page of suggestions with their
    # chapters, editions and country joined: 6
    with django_assert_max_num_queries(6):
        response = client.get(LIST)
    assert response.content.decode().count("data-suggestion=") == 50
