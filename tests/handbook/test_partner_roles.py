"""A committee or Secretariat login never writes a suggestion, even with a partner record."""

import uuid

import pytest
from django.urls import reverse

from handbook.models import Partner, Suggestion


@pytest.mark.parametrize("who", ["stc", "scc", "secretariat"])
def test_reader_with_a_partner_record_cannot_suggest(client, plan, request, who):
    user = request.getfixturevalue(who)
    Partner.objects.create(user=user, organisation="Invited by mistake")
    client.force_login(user)
    response = client.post(
        reverse("handbook:suggestion-create"),
        {
            "theme": "Bycatch",
            "text": "Seabirds",
            "target_chapter": "",
            "submission_key": uuid.uuid4(),
        },
    )
    assert response.status_code == 403
    assert not Suggestion.objects.exists()
