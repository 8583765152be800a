"""Every write to a suggestion leaves a history record naming who made it: the NFP's POST and
the Secretariat's triage action."""

import uuid

from django.urls import reverse

from handbook.models import Suggestion


def test_suggestion_and_its_triage_name_who_acted(client, nfp_kenya, secretariat, plan, chapters):
    client.force_login(nfp_kenya)
    data = {
        "theme": "Bycatch of seabirds",
        "text": "Explain how to reduce bycatch of albatrosses in longline fisheries.",
        "target_chapter": "",
        "submission_key": str(uuid.uuid4()),
    }
    client.post(reverse("handbook:suggestion-create"), data)
    suggestion = Suggestion.objects.get()
    assert suggestion.history.get().history_user == nfp_kenya

    client.force_login(secretariat)
    client.post(
        reverse("admin:handbook_suggestion_changelist"),
        {
            "action": "triage",
            "_selected_action": suggestion.pk,
            "apply": "1",
            "outcome": "accepted",
            "chapter": chapters[2].pk,
            "reason": "",
        },
    )
    latest = suggestion.history.first()
    assert latest.status == "accepted" and latest.history_user == secretariat
