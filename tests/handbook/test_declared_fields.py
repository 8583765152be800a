"""The suggestion form takes theme, chapter and text only: a POST that adds country, status,
proposer or triage fields changes none of them."""

import uuid

from django.urls import reverse

from handbook.models import Suggestion


def test_extra_fields_in_a_suggestion_post_change_nothing_undeclared(
    client, nfp_kenya, nfp_peru, kenya, peru, plan, chapters
):
    client.force_login(nfp_kenya)
    data = {
        "theme": "Bycatch of seabirds",
        "text": "Explain how to reduce bycatch of albatrosses in longline fisheries.",
        "target_chapter": "",
        "submission_key": str(uuid.uuid4()),
        "country": peru.pk,
        "status": "accepted",
        "submitted_by": nfp_peru.pk,
        "proposer": nfp_peru.pk,
        "accepted_chapter": chapters[0].pk,
        "triage_reason": "Accepted by myself",
        "organisation": "Ministry of Peru",
    }
    assert client.post(reverse("handbook:suggestion-create"), data).status_code == 302
    suggestion = Suggestion.objects.get()
    assert suggestion.country == kenya and suggestion.proposer == nfp_kenya
    assert suggestion.status == Suggestion.Status.NEW
    assert suggestion.accepted_chapter is None and suggestion.triage_reason == ""
    assert suggestion.organisation == ""
