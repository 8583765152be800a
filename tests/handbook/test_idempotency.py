"""A handbook suggestion is stored once: retried, sent twice at once, or replayed with other
content (refused as a conflict, the stored suggestion kept)."""

import uuid

import pytest
from django.urls import reverse

from handbook.models import Suggestion
from tests.security.concurrent import message_texts, post_at_once, postgres_only

CREATE = reverse("handbook:suggestion-create")
THANKS = "Thank you: your suggestion was received."
AGAIN = "This suggestion had already been received."


def _data(key, **extra):
    return {
        "theme": "Bycatch of seabirds",
        "text": "Explain how to reduce bycatch of albatrosses in longline fisheries.",
        "target_chapter": "",
        "submission_key": str(key),
        **extra,
    }


def test_the_same_post_twice_stores_one_suggestion_and_both_succeed(client, nfp_kenya, plan):
    client.force_login(nfp_kenya)
    data = _data(uuid.uuid4())
    first = client.post(CREATE, data)
    second = client.post(CREATE, data)
    suggestion = Suggestion.objects.get()
    assert first["Location"] == second["Location"] == suggestion.get_absolute_url()
    assert message_texts(second) == [THANKS, AGAIN]


def test_the_same_key_with_other_content_is_a_conflict_and_keeps_the_first(client, nfp_kenya, plan):
    client.force_login(nfp_kenya)
    key = uuid.uuid4()
    client.post(CREATE, _data(key))
    refused = client.post(CREATE, _data(key, text="Something completely different, please."))
    assert refused.status_code == 409
    assert "already sent" in refused.content.decode()
    suggestion = Suggestion.objects.get()
    assert suggestion.text.startswith("Explain how to reduce bycatch")


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_posts_store_one_suggestion_and_both_succeed(nfp_kenya, plan):
    responses = post_at_once(nfp_kenya, CREATE, _data(uuid.uuid4()))
    suggestion = Suggestion.objects.get()
    assert [r.status_code for r in responses] == [302, 302]
    assert {r["Location"] for r in responses} == {suggestion.get_absolute_url()}
    assert sorted(message_texts(r)[0] for r in responses) == sorted([THANKS, AGAIN])
