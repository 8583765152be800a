"""Who may open which handbook page: one row per role, one column per page."""

import uuid

import pytest
from django.urls import reverse

from handbook.models import Suggestion
from tests.handbook.factories import make_suggestion

OK, LOGIN, FORBIDDEN, NOT_FOUND, CREATED = 200, 302, 403, 404, "created"

# page -> who -> expected status. "own" is a Kenyan suggestion, "other" a Peruvian one.
MATRIX = {
    "home": {
        "anonymous": OK, "nfp_kenya": OK, "partner": OK, "secretariat": OK, "stc": OK,
        "scc": OK, "nobody": OK, "nfp_without_country": OK,
        "viewer": OK,
    },
    "list": {
        "anonymous": LOGIN, "nfp_kenya": OK, "partner": OK, "secretariat": OK, "stc": OK,
        "scc": OK, "nobody": FORBIDDEN, "nfp_without_country": NOT_FOUND,
        "viewer": FORBIDDEN,
    },
    "create_get": {
        "anonymous": LOGIN, "nfp_kenya": OK, "partner": OK, "secretariat": FORBIDDEN,
        "stc": FORBIDDEN, "scc": FORBIDDEN, "nobody": FORBIDDEN,
        "nfp_without_country": NOT_FOUND,
        "viewer": FORBIDDEN,
    },
    "create_post": {
        "anonymous": LOGIN, "nfp_kenya": CREATED, "partner": CREATED,
        "secretariat": FORBIDDEN, "stc": FORBIDDEN, "scc": FORBIDDEN, "nobody": FORBIDDEN,
        "nfp_without_country": NOT_FOUND,
        "viewer": FORBIDDEN,
    },
    "own": {
        "anonymous": LOGIN, "nfp_kenya": OK, "partner": NOT_FOUND, "secretariat": OK,
        "stc": OK, "scc": OK, "nobody": FORBIDDEN, "nfp_without_country": NOT_FOUND,
        "viewer": FORBIDDEN,
    },
    "other": {
        "anonymous": LOGIN, "nfp_kenya": NOT_FOUND, "partner": NOT_FOUND, "secretariat": OK,
        "stc": OK, "scc": OK, "nobody": FORBIDDEN, "nfp_without_country": NOT_FOUND,
        "viewer": FORBIDDEN,
    },
}  # fmt: skip

CASES = [(page, who, expected) for page, row in MATRIX.items() for who, expected in row.items()]


@pytest.fixture
def nfp_without_country(db, django_user_model):
    from django.contrib.auth.models import Group

    from workplan import roles

    user = django_user_model.objects.create_user(username="nfp_nowhere", password="x")
    user.groups.add(Group.objects.get(name=roles.NFP))
    return user


@pytest.mark.parametrize(("page", "who", "expected"), CASES)
def test_permission_matrix(
    client, request, plan, chapters, nfp_kenya, nfp_peru, kenya, peru, page, who, expected
):
    own = make_suggestion(plan=plan, proposer=nfp_kenya, country=kenya)
    other = make_suggestion(plan=plan, proposer=nfp_peru, country=peru)
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))
    before = Suggestion.objects.count()
    if page == "create_post":
        response = client.post(
            reverse("handbook:suggestion-create"),
            {"theme": "Theme", "text": "Long enough text.", "submission_key": uuid.uuid4()},
        )
    else:
        url = {
            "home": reverse("handbook:home"),
            "list": reverse("handbook:suggestion-list"),
            "create_get": reverse("handbook:suggestion-create"),
            "own": own.get_absolute_url(),
            "other": other.get_absolute_url(),
        }[page]
        response = client.get(url)
    if expected == CREATED:
        assert response.status_code == 302
        assert Suggestion.objects.count() == before + 1
        return
    assert response.status_code == expected
    if expected == LOGIN:
        assert response["Location"].startswith(reverse("login"))
    assert Suggestion.objects.count() == before  # nobody else writes


@pytest.mark.parametrize("who", ["stc", "scc", "nfp_kenya", "partner"])
def test_non_secretariat_cannot_open_the_handbook_admin(client, request, who):
    client.force_login(request.getfixturevalue(who))
    response = client.get(reverse("admin:handbook_suggestion_changelist"))
    assert response.status_code == 302  # the admin sends non-staff to its login page
