"""Who may see what: committees read the dashboard and results but never write; NFPs see
only their own country's responses; anonymous users are sent to log in."""

import pytest
from django.urls import reverse

from evaluation import services
from tests.evaluation.conftest import answers

READ_ONLY_PAGES = [
    ("evaluation:dashboard", None),
    ("evaluation:report", None),
    ("evaluation:report-xlsx", None),
    ("evaluation:indicator-list", "slug"),
    ("evaluation:questionnaire-results", "questionnaire"),
    ("evaluation:questionnaire-export", "csv"),
]
EXPECTED = {
    "anonymous": 302,
    "nfp_kenya": 403,
    "trainee": 403,
    "stc": 200,
    "scc": 200,
    "secretariat": 200,
    "viewer": 403,  # view-only staff read in the admin, not the committee pages
}


def _url(name, arg, workplan, questionnaire):
    if arg == "slug":
        return reverse(name, args=[workplan.slug])
    if arg == "questionnaire":
        return reverse(name, args=[questionnaire.pk])
    if arg == "csv":
        return reverse(name, args=[questionnaire.pk, "csv"])
    return reverse(name)


@pytest.mark.parametrize("who", list(EXPECTED))
def test_read_only_pages_by_role(request, client, who, workplan_2012, nfp_questionnaire):
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))
    for name, arg in READ_ONLY_PAGES:
        url = _url(name, arg, workplan_2012, nfp_questionnaire)
        response = client.get(url)
        assert response.status_code == EXPECTED[who], (who, url)
        if who == "anonymous":
            assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("who", ["stc", "scc", "secretariat"])
def test_readers_cannot_answer_or_change(request, client, who, nfp_questionnaire):
    client.force_login(request.getfixturevalue(who))
    url = reverse("evaluation:questionnaire-answer", args=[nfp_questionnaire.pk])
    assert client.post(url, {"submit": "1"}).status_code == 404
    assert client.post(reverse("evaluation:dashboard")).status_code == 405
    assert nfp_questionnaire.responses.count() == 0


@pytest.mark.parametrize("who", ["stc", "scc"])
def test_committee_cannot_edit_in_the_admin(request, client, who, nfp_questionnaire):
    client.force_login(request.getfixturevalue(who))
    url = reverse("admin:evaluation_questionnaire_change", args=[nfp_questionnaire.pk])
    response = client.post(url, {"title": "changed"})
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    nfp_questionnaire.refresh_from_db()
    assert nfp_questionnaire.title == "Regional training evaluation"


def test_view_only_staff_read_the_admin_form_but_cannot_save(client, viewer, nfp_questionnaire):
    client.force_login(viewer)
    url = reverse("admin:evaluation_questionnaire_change", args=[nfp_questionnaire.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, {"title": "changed"}).status_code == 403
    nfp_questionnaire.refresh_from_db()
    assert nfp_questionnaire.title == "Regional training evaluation"


def test_nfp_sees_only_own_country_response(client, nfp_kenya, nfp_peru, nfp_questionnaire):
    response = services.response_submit(
        questionnaire=nfp_questionnaire,
        user=nfp_kenya,
        answers=answers(nfp_questionnaire, rating_1_5=4, yes_no=True),
    )
    client.force_login(nfp_peru)
    assert client.get(response.get_absolute_url()).status_code == 404
    client.force_login(nfp_kenya)
    assert client.get(response.get_absolute_url()).status_code == 200


def test_participant_sees_only_own_response(client, trainee, trainee2, participant_questionnaire):
    response = services.response_save_draft(
        questionnaire=participant_questionnaire,
        user=trainee,
        answers=answers(participant_questionnaire, rating_1_5=4),
    )
    client.force_login(trainee2)
    assert client.get(response.get_absolute_url()).status_code == 404
    client.force_login(trainee)
    assert client.get(response.get_absolute_url()).status_code == 200


def test_audiences_do_not_cross(
    client, nfp_kenya, trainee, nfp_questionnaire, participant_questionnaire
):
    client.force_login(nfp_kenya)
    url = reverse("evaluation:questionnaire-answer", args=[participant_questionnaire.pk])
    assert client.get(url).status_code == 404
    client.force_login(trainee)
    url = reverse("evaluation:questionnaire-answer", args=[nfp_questionnaire.pk])
    assert client.get(url).status_code == 404


@pytest.mark.parametrize(
    "who,status",
    [("anonymous", 403), ("nfp_kenya", 403), ("trainee", 403), ("stc", 200), ("secretariat", 200)],
)
def test_dashboard_api_by_role(request, client, who, status, workplan_2012):
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))
    assert client.get(f"/api/dashboard/{workplan_2012.slug}/").status_code == status


@pytest.mark.parametrize("who,shown", [("stc", True), ("secretariat", True), ("nfp_kenya", False)])
def test_dashboard_link_in_the_menu(request, client, who, shown, workplan_2012):
    client.force_login(request.getfixturevalue(who))
    html = client.get(reverse("workplan:home")).content.decode()
    assert (f'href="{reverse("evaluation:dashboard")}"' in html) is shown
