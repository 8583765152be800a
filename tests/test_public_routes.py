"""Every route needs a login unless it is on this explicit public list."""

from django.contrib.admin.sites import AdminSite
from django.urls import URLPattern, URLResolver, get_resolver
from rest_framework.permissions import AllowAny

# Route names (namespaced) that anyone may open without logging in.
PUBLIC = {
    "workplan:home",
    "workplan:workplan-list",
    "workplan:workplan-detail",
    "workplan:activity-detail",
    "handbook:home",
    "handbook:edition-detail",
    "evaluation:iati-export",  # open data for the IATI Registry
    # The training calendar announces trainings to everyone; a trainee's signed link needs no
    # account (evaluation by invitation).
    "needs:training-calendar",
    "needs:training-detail",
    "evaluation:invitation-answer",
    "healthz",
    "set_language",
    "login",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
    "api-schema",
    "workplan-list",
    "workplan-detail",
    "activity-list",
    "activity-detail",
    # Not public: it serves nothing without a login, but answers 404 instead of the login page
    # so that nobody learns a document exists (tests/needs/test_attachments.py).
    "needs:attachment-download",
}


def _walk(patterns, prefix=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            namespace = f"{prefix}{entry.namespace}:" if entry.namespace else prefix
            yield from _walk(entry.url_patterns, namespace)
        elif isinstance(entry, URLPattern):
            yield (f"{prefix}{entry.name}" if entry.name else str(entry.pattern)), entry.callback


def _is_public(callback):
    if hasattr(callback, "cls") and hasattr(callback.cls, "permission_classes"):
        # Django REST framework: its own permission classes decide.
        return any(issubclass(p, AllowAny) for p in callback.cls.permission_classes)
    admin_site = getattr(callback, "admin_site", None) or getattr(
        getattr(callback, "__self__", None), "admin_site", None
    )
    if isinstance(getattr(callback, "__self__", None), AdminSite) or admin_site:
        return False  # the admin checks staff status itself
    return not getattr(callback, "login_required", True)


def test_no_route_is_public_by_accident():
    accidental = sorted(
        name
        for name, callback in _walk(get_resolver().url_patterns)
        if _is_public(callback) and name not in PUBLIC and not name.startswith("admin:")
    )
    assert accidental == []


def test_routes_on_the_public_list_exist_and_are_public():
    routes = dict(_walk(get_resolver().url_patterns))
    missing = sorted(name for name in PUBLIC if name not in routes)
    assert missing == []
    private = sorted(name for name in PUBLIC if not _is_public(routes[name]))
    assert private == []


def test_an_anonymous_visitor_is_sent_to_log_in_from_a_private_page(client):
    response = client.get("/accounts/password_change/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
