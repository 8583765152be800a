"""The Secretariat triages suggestions through one service, from the admin action."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from handbook import services
from handbook.models import Suggestion
from tests.handbook.factories import make_suggestion


@pytest.fixture
def suggestion(plan, nfp_kenya, kenya):
    return make_suggestion(plan=plan, proposer=nfp_kenya, country=kenya)


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"outcome": "declined"}, "triage_reason"),
        ({"outcome": "declined", "reason": "   "}, "triage_reason"),
        ({"outcome": "merged", "reason": "Same theme"}, "merged_into"),
        ({"outcome": "accepted"}, "accepted_chapter"),
        ({"outcome": "new"}, "status"),
    ],
)
def test_triage_refuses_an_incomplete_decision(suggestion, secretariat, kwargs, field):
    with pytest.raises(ValidationError) as error:
        services.suggestion_triage(suggestion=suggestion, by=secretariat, **kwargs)
    assert field in error.value.message_dict
    suggestion.refresh_from_db()
    assert suggestion.status == Suggestion.Status.NEW and suggestion.triaged_at is None


def test_a_suggestion_cannot_be_merged_with_itself(suggestion, secretariat):
    with pytest.raises(ValidationError, match="itself"):
        services.suggestion_triage(
            suggestion=suggestion,
            by=secretariat,
            outcome="merged",
            merged_into=suggestion,
            reason="Same",
        )


def test_merge_records_the_other_suggestion_and_who_decided(
    suggestion, secretariat, plan, nfp_peru, peru
):
    other = make_suggestion(plan=plan, proposer=nfp_peru, country=peru, theme="Wetlands too")
    services.suggestion_triage(
        suggestion=suggestion,
        by=secretariat,
        outcome="merged",
        merged_into=other,
        reason="Peru asked for the same.",
    )
    suggestion.refresh_from_db()
    assert suggestion.merged_into == other and suggestion.triaged_by == secretariat
    assert suggestion.history.first().history_change_reason == "triage: merged"


@pytest.mark.parametrize("who", ["nfp_kenya", "stc", "scc"])
def test_only_the_secretariat_triages(suggestion, chapters, request, who):
    with pytest.raises(PermissionDenied):
        services.suggestion_triage(
            suggestion=suggestion,
            by=request.getfixturevalue(who),
            outcome="accepted",
            chapter=chapters[0],
        )


def test_retriage_replaces_the_previous_outcome(suggestion, secretariat, chapters):
    services.suggestion_triage(
        suggestion=suggestion, by=secretariat, outcome="declined", reason="No"
    )
    services.suggestion_triage(
        suggestion=suggestion, by=secretariat, outcome="accepted", chapter=chapters[0]
    )
    suggestion.refresh_from_db()
    assert suggestion.status == "accepted" and suggestion.triage_reason == ""
    assert suggestion.history.count() == 3  # created, declined, accepted


def _action(client, ids, **data):
    return client.post(
        reverse("admin:handbook_suggestion_changelist"),
        {"action": "triage", "_selected_action": ids, **data},
    )


def test_admin_action_asks_then_applies_the_decision(client, secretariat, suggestion, chapters):
    client.force_login(secretariat)
    form = _action(client, [suggestion.pk])
    assert form.status_code == 200
    assert b"Apply decision" in form.content
    response = _action(
        client, [suggestion.pk], apply="1", outcome="accepted", chapter=chapters[1].pk
    )
    assert response.status_code == 302
    suggestion.refresh_from_db()
    assert suggestion.status == "accepted" and suggestion.accepted_chapter == chapters[1]


def test_admin_action_decline_without_reason_changes_nothing(
    client, secretariat, suggestion, plan, nfp_kenya, kenya
):
    second = make_suggestion(plan=plan, proposer=nfp_kenya, country=kenya)
    client.force_login(secretariat)
    response = _action(client, [suggestion.pk, second.pk], apply="1", outcome="declined")
    assert response.status_code == 200
    assert "Give the proposer a reason." in response.content.decode()
    assert set(Suggestion.objects.values_list("status", flat=True)) == {"new"}


def test_admin_change_form_cannot_set_the_outcome(client, secretariat, suggestion):
    client.force_login(secretariat)
    url = reverse("admin:handbook_suggestion_change", args=[suggestion.pk])
    response = client.post(
        url,
        {
            "theme": "Edited theme",
            "text": suggestion.text,
            "target_chapter": "",
            "status": "declined",
        },
    )
    assert response.status_code == 302
    suggestion.refresh_from_db()
    assert suggestion.theme == "Edited theme" and suggestion.status == "new"
