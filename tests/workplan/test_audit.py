"""Every write to activities and contributions leaves a history record naming who made it:
admin add, change, list edit, inline, delete action and spreadsheet import."""

import io

import pytest
from django.urls import reverse

from workplan.models import Activity, Contribution, ProgressUpdate


@pytest.fixture
def staff(client, secretariat):
    client.force_login(secretariat)
    return client


@pytest.fixture
def _no_zeal(settings):
    # The changelist's list-editable POST cleans each row's id with its own query (Django's
    # own code, bounded by list_per_page); see test_concurrent_edits.
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if not m.startswith("zeal.")]


def _contribution(workplan):
    return Contribution.objects.create(
        workplan=workplan, donor="Norway", amount_usd="1000", kind="core", date="2012-01-01"
    )


def test_admin_add_and_change_of_a_contribution_name_the_officer(staff, secretariat, workplan_2012):
    data = {
        "workplan": workplan_2012.pk,
        "donor": "Germany",
        "amount_usd": "20000",
        "state": "pledged",
        "kind": "core",
        "activity": "",
        "date": "2012-05-01",
        "note": "",
        "version": "",
    }
    assert staff.post(reverse("admin:workplan_contribution_add"), data).status_code == 302
    contribution = Contribution.objects.get()
    url = reverse("admin:workplan_contribution_change", args=[contribution.pk])
    form = staff.get(url).context["adminform"].form
    data["version"] = form["version"].value()
    data["state"] = "received"
    assert staff.post(url, data).status_code == 302
    records = list(contribution.history.order_by("history_date"))
    assert [(r.history_type, r.state) for r in records] == [("+", "pledged"), ("~", "received")]
    assert {r.history_user for r in records} == {secretariat}


def test_list_edit_names_the_officer(staff, secretariat, workplan_2012, _no_zeal):
    from tests.workplan.test_concurrent_edits import _changelist_data, _row

    url = reverse("admin:workplan_activity_changelist")
    page = staff.get(url)
    activity = Activity.objects.get(code="2.2")
    data = _changelist_data(page)
    data[_row(page, activity.pk).add_prefix("status")] = "completed"
    assert staff.post(url, data).status_code == 302
    latest = activity.history.first()
    assert latest.status == "completed" and latest.history_user == secretariat


def test_delete_action_names_the_officer(staff, secretariat, workplan_2012):
    contribution = _contribution(workplan_2012)
    response = staff.post(
        reverse("admin:workplan_contribution_changelist"),
        {
            "action": "delete_selected",
            "_selected_action": f"{contribution.pk},{contribution.version}",
            "post": "yes",
        },
    )
    assert response.status_code == 302
    assert not Contribution.objects.exists()
    deleted = Contribution.history.filter(id=contribution.pk).first()
    assert deleted.history_type == "-" and deleted.history_user == secretariat


def test_progress_update_inline_names_the_officer(staff, secretariat, workplan_2012):
    from tests.workplan.test_admin import _change_form_data

    activity = Activity.objects.get(code="1.3")
    url = reverse("admin:workplan_activity_change", args=[activity.pk])
    data = _change_form_data(staff.get(url))
    data.update(
        {
            "updates-TOTAL_FORMS": "1",
            "updates-0-date": "2012-09-01",
            "updates-0-phase": "implementation",
            "updates-0-status": "in_progress",
            "updates-0-note": "Workshop held.",
        }
    )
    response = staff.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    update = ProgressUpdate.objects.get(activity=activity)
    assert update.author == secretariat
    assert update.history.get().history_user == secretariat


def test_import_names_the_officer(staff, secretariat, workplan_2012):
    upload = io.BytesIO(
        b"workplan,donor,donor_country,amount_usd,state,kind,activity,date\n"
        b"2012-2014,Germany,DE,45000,received,earmarked,1.4,2012-06-01\n"
        b"2012-2014,Norway,NO,10000,pledged,core,,2012-07-01\n"
    )
    upload.name = "contributions.csv"
    response = staff.post(
        reverse("admin:workplan_contribution_import"),
        {"import_file": upload, "format": "0", "resource": "0"},
    )
    confirm = next(
        layer["confirm_form"]
        for c in response.context
        for layer in c.dicts
        if "confirm_form" in layer
    )
    staff.post(reverse("admin:workplan_contribution_process_import"), confirm.initial)
    assert Contribution.objects.count() == 2
    records = Contribution.history.all()
    assert records.count() == 2
    assert {r.history_user for r in records} == {secretariat}
