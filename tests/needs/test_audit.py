"""Every write to a country's response leaves a history record naming who made it: the NFP's
draft and submit, the Secretariat's admin save and actions, and programmes made from needs."""

import uuid

from django.urls import reverse

from needs.models import CountryResponse, TrainingNeed, TrainingProgramme
from tests.needs.conftest import need, post_data


def _submit(client, nfp, assessment_round, lookups):
    client.force_login(nfp)
    url = reverse("needs:response-edit", kwargs={"round_pk": assessment_round.pk})
    rows = [{**need(lookups), "id": ""}]
    assert client.post(url, post_data(lookups, rows, "save")).status_code == 302
    response = CountryResponse.objects.get()
    rows = [{**need(lookups), "id": response.needs.get().pk}]
    version = client.get(url).context["form"]["version"].value()
    data = post_data(lookups, rows, "submit", str(uuid.uuid4()), existing=1, version=version)
    assert client.post(url, data).status_code == 302
    return CountryResponse.objects.get()


def test_nfp_draft_and_submit_name_the_focal_point(client, nfp_kenya, open_round, lookups):
    response = _submit(client, nfp_kenya, open_round, lookups)
    records = list(response.history.order_by("history_date"))
    assert [r.status for r in records][-1] == "submitted"
    assert {r.history_user for r in records} == {nfp_kenya}
    assert {r.history_user for r in TrainingNeed.history.all()} == {nfp_kenya}


def test_admin_actions_name_the_officer(client, nfp_kenya, secretariat, open_round, lookups):
    response = _submit(client, nfp_kenya, open_round, lookups)
    client.force_login(secretariat)
    changelist = reverse("admin:needs_countryresponse_changelist")
    client.post(changelist, {"action": "accept", "_selected_action": response.pk})
    latest = response.history.first()
    assert latest.status == "accepted" and latest.history_user == secretariat
    client.post(
        changelist,
        {"action": "return_for_changes", "_selected_action": response.pk, "reason": "Add costs."},
    )
    latest = response.history.first()
    assert latest.status == "returned" and latest.history_user == secretariat


def test_admin_save_names_the_officer(client, nfp_kenya, secretariat, open_round, lookups):
    response = _submit(client, nfp_kenya, open_round, lookups)
    client.force_login(secretariat)
    url = reverse("admin:needs_countryresponse_change", args=[response.pk])
    need_row = response.needs.get()
    data = {
        "round": open_round.pk,
        "country": response.country_id,
        "existing_capacities": "Corrected by the Secretariat.",
        "ongoing_initiatives": response.ongoing_initiatives,
        "constraints_and_gaps": response.constraints_and_gaps,
        "needs-TOTAL_FORMS": "1",
        "needs-INITIAL_FORMS": "1",
        "needs-0-id": need_row.pk,
        "needs-0-response": response.pk,
        **{
            f"needs-0-{name}": getattr(value, "pk", value)
            for name, value in need(lookups, priority=2).items()
        },
    }
    saved = client.post(url, data)
    assert saved.status_code == 302, saved.context["adminform"].form.errors
    assert response.history.first().history_user == secretariat
    changed = need_row.history.first()
    assert changed.priority == 2 and changed.history_user == secretariat


def test_programme_from_needs_action_names_the_officer(
    client, nfp_kenya, secretariat, open_round, lookups
):
    response = _submit(client, nfp_kenya, open_round, lookups)
    client.force_login(secretariat)
    client.post(
        reverse("admin:needs_trainingneed_changelist"),
        {"action": "create_programme", "_selected_action": response.needs.get().pk},
    )
    programme = TrainingProgramme.objects.get()
    assert programme.history.get().history_user == secretariat
