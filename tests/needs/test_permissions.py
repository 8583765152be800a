"""Every needs URL x every role gets exactly the expected status.

200 read, 302 done (a POST that redirects) or anonymous sent to log in, 403 a role that may not
act, 404 another country's object or a user with no country on an NFP page.
"""

import pytest
from django.urls import reverse

from needs.models import CountryResponse

ROLES = ["anonymous", "nfp_kenya", "nfp_peru", "stc", "scc", "secretariat", "viewer"]

# name -> (method, expected status per role in ROLES order)
MATRIX = {
    "my-country": ("get", [302, 200, 200, 403, 403, 403, 403]),
    "response-edit": ("get", [302, 200, 200, 403, 403, 403, 403]),
    "response-detail": ("get", [302, 200, 404, 200, 200, 200, 403]),
    "response-request-reopen": ("post", [302, 302, 404, 403, 403, 403, 403]),
    "response-return": ("post", [302, 403, 403, 403, 403, 302, 403]),
    "round-list": ("get", [302, 403, 403, 200, 200, 200, 403]),
    "round-status": ("get", [302, 403, 403, 200, 200, 200, 403]),
    "round-remind": ("post", [302, 403, 403, 403, 403, 302, 403]),
    "round-analysis": ("get", [302, 403, 403, 200, 200, 200, 403]),
    "round-export": ("get", [302, 403, 403, 403, 403, 200, 403]),
}


@pytest.fixture
def kenya_response(open_round, kenya, nfp_kenya):
    return CountryResponse.objects.create(
        round=open_round,
        country=kenya,
        status="submitted",
        submitted_by=nfp_kenya,
        submitted_at="2012-03-01T10:00:00Z",
    )


def _url(name, open_round, response):
    kwargs = {
        "my-country": {},
        "round-list": {},
        "response-edit": {"round_pk": open_round.pk},
        "response-detail": {"pk": response.pk},
        "response-request-reopen": {"pk": response.pk},
        "response-return": {"pk": response.pk},
        "round-export": {"pk": open_round.pk, "kind": "needs", "fmt": "csv"},
    }.get(name, {"pk": open_round.pk})
    return reverse(f"needs:{name}", kwargs=kwargs)


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_permission_matrix(name, request, client, kenya_response, open_round):
    method, expected = MATRIX[name]
    url = _url(name, open_round, kenya_response)
    got = []
    for role in ROLES:
        client.logout()
        if role != "anonymous":
            client.force_login(request.getfixturevalue(role))
        data = {"reason": "Because."} if method == "post" else None
        response = getattr(client, method)(url, data)
        if role == "anonymous":
            assert response.status_code == 302 and "/accounts/login/" in response["Location"]
        got.append(response.status_code)
        # Every POST that succeeded is undone so the next role meets the same state.
        kenya_response.refresh_from_db()
        if kenya_response.status != "submitted" or kenya_response.reopen_requested_at:
            CountryResponse.objects.filter(pk=kenya_response.pk).update(
                status="submitted", reopen_requested_at=None, reopen_reason=""
            )
    assert dict(zip(ROLES, got, strict=True)) == dict(zip(ROLES, expected, strict=True))


def test_get_never_changes_a_response(client, secretariat, kenya_response):
    client.force_login(secretariat)
    assert (
        client.get(reverse("needs:response-return", kwargs={"pk": kenya_response.pk})).status_code
        == 405
    )
    kenya_response.refresh_from_db()
    assert kenya_response.status == "submitted"
