"""A form opened before the response was last saved (a second tab, a second focal point of the
same country) cannot overwrite it: the save is refused with a 409 and nothing is lost."""

import uuid

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from needs import services
from needs.models import CountryResponse, TrainingNeed
from tests.needs.conftest import need, post_data
from workplan import roles
from workplan.models import FocalPoint

Status = CountryResponse.Status
STALE = "Someone saved this response since you opened it"


@pytest.fixture
def edit_url(open_round):
    return reverse("needs:response-edit", kwargs={"round_pk": open_round.pk})


def _row(lookups, topic, pk=None):
    return {**need(lookups, topic), "id": "" if pk is None else pk}


def _form_version(client, edit_url):
    """The version the response form carries when the page is opened now."""
    return client.get(edit_url).context["form"]["version"].value()


@pytest.fixture
def one_need_draft(client, nfp_kenya, lookups, edit_url):
    """Kenya's draft with one need, saved through the page."""
    client.force_login(nfp_kenya)
    data = post_data(lookups, [_row(lookups, "topic")], version=_form_version(client, edit_url))
    assert client.post(edit_url, data).status_code == 302
    return CountryResponse.objects.get()


@pytest.mark.parametrize("action", ["save", "submit"])
def test_an_older_tab_cannot_drop_the_need_a_newer_tab_added(
    client, lookups, edit_url, one_need_draft, action
):
    first = one_need_draft.needs.get()
    tab1_version = _form_version(client, edit_url)
    tab2_version = _form_version(client, edit_url)
    # Tab 2 adds need #2 and saves.
    tab2 = post_data(
        lookups,
        [_row(lookups, "topic", first.pk), _row(lookups, "topic2")],
        existing=1,
        version=tab2_version,
    )
    saved = client.post(edit_url, tab2, follow=True)  # tab 2 shows its "Draft saved."
    assert "Draft saved." in saved.content.decode()
    # Tab 1, opened before, still shows one need and other answers.
    tab1 = post_data(
        lookups,
        [_row(lookups, "topic", first.pk)],
        action,
        str(uuid.uuid4()),
        existing=1,
        version=tab1_version,
        constraints_and_gaps="Tab 1 words",
    )
    refused = client.post(edit_url, tab1)
    assert refused.status_code == 409
    page = refused.content.decode()
    assert STALE in page and "your changes were not saved" in page
    assert "Draft saved." not in page
    stored = CountryResponse.objects.get()
    assert stored.status == Status.DRAFT
    assert stored.constraints_and_gaps != "Tab 1 words"
    assert sorted(stored.needs.values_list("topic__name", flat=True)) == [
        "Bycatch and fisheries interactions",
        "National reporting to CMS",
    ]
    # The page offers the current response to edit again, with its current version.
    assert refused.context["form"]["version"].value() == stored.version


def test_a_draft_saved_then_submitted_from_the_same_page_goes_through(
    client, lookups, edit_url, one_need_draft
):
    first = one_need_draft.needs.get()
    version = _form_version(client, edit_url)
    rows = [_row(lookups, "topic", first.pk), _row(lookups, "topic2")]
    draft = post_data(lookups, rows, existing=1, version=version)
    assert client.post(edit_url, draft).status_code == 302
    version = _form_version(client, edit_url)
    second = TrainingNeed.objects.exclude(pk=first.pk).get()
    rows = [_row(lookups, "topic", first.pk), _row(lookups, "topic2", second.pk)]
    submit = post_data(lookups, rows, "submit", str(uuid.uuid4()), existing=2, version=version)
    assert client.post(edit_url, submit).status_code == 302
    stored = CountryResponse.objects.get()
    assert stored.status == Status.SUBMITTED
    assert stored.needs.count() == 2


def test_a_need_marked_deleted_is_deleted_and_one_the_form_did_not_know_is_kept(
    client, lookups, edit_url, one_need_draft, nfp_kenya, open_round, kenya
):
    first = one_need_draft.needs.get()
    # Added elsewhere (say an old page without a version): not in this form.
    services.response_save_draft(
        assessment_round=open_round,
        country=kenya,
        user=nfp_kenya,
        needs=[need(lookups, id=first.pk), need(lookups, "topic2")],
    )
    unknown = TrainingNeed.objects.exclude(pk=first.pk).get()
    # The form sends the current version but not the unknown need's row.
    data = post_data(
        lookups,
        [{**_row(lookups, "topic", first.pk), "DELETE": "on"}],
        existing=1,
        version=_form_version(client, edit_url),
    )
    assert client.post(edit_url, data).status_code == 302
    assert list(TrainingNeed.objects.values_list("pk", flat=True)) == [unknown.pk]


def test_a_second_focal_point_cannot_overwrite_with_a_stale_form(
    client, lookups, edit_url, one_need_draft, nfp_kenya, kenya, django_user_model
):
    alternate = django_user_model.objects.create_user("alt_ke", password="x")
    alternate.groups.add(Group.objects.get(name=roles.NFP))
    FocalPoint.objects.create(user=alternate, country=kenya, is_main=False)
    first = one_need_draft.needs.get()
    other = type(client)()
    other.force_login(alternate)
    stale_version = _form_version(other, edit_url)  # the alternate opens the form
    # The main focal point changes the answers meanwhile.
    version = _form_version(client, edit_url)
    data = post_data(
        lookups,
        [_row(lookups, "topic", first.pk)],
        existing=1,
        version=version,
        existing_capacities="Main focal point's text",
    )
    assert client.post(edit_url, data).status_code == 302
    stale = post_data(
        lookups,
        [_row(lookups, "topic", first.pk)],
        existing=1,
        version=stale_version,
        existing_capacities="Alternate's older text",
    )
    refused = other.post(edit_url, stale)
    assert refused.status_code == 409
    assert STALE in refused.content.decode() and "by nfp_ke" in refused.content.decode()
    assert CountryResponse.objects.get().existing_capacities == "Main focal point's text"


def test_a_secretariat_edit_in_the_admin_makes_the_nfps_older_tab_stale(
    client, lookups, edit_url, one_need_draft, nfp_kenya, secretariat, open_round
):
    first = one_need_draft.needs.get()
    tab_version = _form_version(client, edit_url)  # the NFP's tab, opened before the edit
    officer = type(client)()
    officer.force_login(secretariat)
    admin_data = {
        "round": open_round.pk,
        "country": one_need_draft.country_id,
        "existing_capacities": "Corrected by the Secretariat.",
        "ongoing_initiatives": one_need_draft.ongoing_initiatives,
        "constraints_and_gaps": one_need_draft.constraints_and_gaps,
        "needs-TOTAL_FORMS": "1",
        "needs-INITIAL_FORMS": "1",
        "needs-0-id": first.pk,
        "needs-0-response": one_need_draft.pk,
        **{
            f"needs-0-{name}": getattr(value, "pk", value)
            for name, value in need(lookups, "topic").items()
        },
    }
    saved = officer.post(
        reverse("admin:needs_countryresponse_change", args=[one_need_draft.pk]), admin_data
    )
    assert saved.status_code == 302, saved.context["adminform"].form.errors
    edited = CountryResponse.objects.get()
    assert edited.version == one_need_draft.version + 1
    assert edited.updated_by == secretariat

    stale = post_data(
        lookups,
        [_row(lookups, "topic", first.pk)],
        existing=1,
        version=tab_version,
        existing_capacities="The NFP's older text",
    )
    refused = client.post(edit_url, stale)
    assert refused.status_code == 409
    assert STALE in refused.content.decode() and "by sec" in refused.content.decode()
    assert CountryResponse.objects.get().existing_capacities == "Corrected by the Secretariat."


@pytest.mark.parametrize("action", ["save", "submit"])
def test_a_post_without_a_version_is_refused_as_stale_and_changes_nothing(
    client, lookups, edit_url, one_need_draft, action
):
    first = one_need_draft.needs.get()
    before = CountryResponse.objects.get()
    data = post_data(
        lookups,
        [_row(lookups, "topic", first.pk), _row(lookups, "topic2")],
        action,
        str(uuid.uuid4()),
        existing=1,
        version=None,
        existing_capacities="Sent without a version",
    )
    assert "version" not in data
    refused = client.post(edit_url, data)
    assert refused.status_code == 409
    assert STALE in refused.content.decode()
    stored = CountryResponse.objects.get()
    assert (stored.status, stored.version) == (Status.DRAFT, before.version)
    assert stored.existing_capacities == before.existing_capacities
    assert list(stored.needs.values_list("pk", flat=True)) == [first.pk]
