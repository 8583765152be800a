"""Every page, API list and admin page runs a bounded number of queries, whatever the data size.

The site is seeded twice with the demo generator (demo.seed), once small and once about
three times larger, and every GET route found by walking the URL resolver is rendered for each
role (anonymous, NFP, Standing Committee, Secretariat). Wherever a role gets the page (200), the
query count must be the same on both data sets and at most CEILING. django-zeal watches every
request too (tests/n_plus_one.py), so a lazy load repeated row after row fails with its line.
"""

import io
from dataclasses import dataclass

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.cache import caches
from django.db import connection, transaction
from django.db.models import Count
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from demo.seed import SCALES, Scale, demo_seed
from evaluation.invitations import invitation_token
from evaluation.models import Invitation, Questionnaire, Response
from evaluation.services import questionnaire_copy
from handbook.models import Edition, Suggestion
from needs.models import AssessmentRound, CountryResponse, TrainingEvent
from needs.views import EXPORTS, FORMATS
from workplan.models import Activity, WorkPlan

# Also makes pytest-django create the test database the module fixture below writes to.
pytestmark = pytest.mark.django_db

CEILING = 20
# The Standing Committee's figures read every part of the plan once, cold (they are cached
# after): activities 3 (+ dates, dependencies), budget 3, indicators 4 + computed ones,
# evaluations 2, needs 3, trainings 4, timeline milestones 2, map 4, handbook 5, donors 1.
FIGURES_CEILING = 40
FIGURE_ROUTES = {
    "evaluation:dashboard",
    "evaluation:report",
    "evaluation:report-pdf",
    "evaluation:report-xlsx",
    "evaluation:chart-download",
    "api-dashboard",
}
ROLES = ("anonymous", "nfp", "stc", "secretariat")
LOGINS = {"nfp": "demo-nfp", "stc": "demo-stc", "secretariat": "demo-secretariat"}
SMALLER = SCALES["tiny"]
LARGER = Scale(
    parties=9,
    workplans=3,
    activities=36,
    rounds=3,
    needs_per_response=(4, 8),
    programmes=5,
    events=15,
    questionnaires=5,
    questions=19,
    contributions=40,
    indicators=9,
    measurements=5,
    suggestions=8,
)

# Routes not rendered here, and why.
NOT_PAGES = {
    "logout": "POST only",
    "set_language": "POST only",
    "needs:response-request-reopen": "POST only",
    "needs:response-return": "POST only",
    "needs:round-remind": "POST only",
    "needs:attachment-add": "POST only",
    "needs:attachment-delete": "POST only",
    "needs:attachment-download": "streams one stored file (no demo data has one); scoped and "
    "measured in tests/needs/test_attachments.py",
    "needs:nomination-create": "POST only",
    "needs:nomination-decide": "POST only",
    "needs:programme-from-needs": "POST only",
    "password_reset_confirm": "needs a one-time token and shows no data",
    "admin:logout": "POST only",
}
ADMIN_PAGES = ("admin:index",)
# Admin pages the Secretariat's group has no permission for (superusers only): measured, but
# no role in this test sees them.
SUPERUSER_ONLY = {
    "admin:auth_group_changelist",
    "admin:auth_group_change",
    "admin:axes_accessattempt_changelist",
    "admin:axes_accessfailurelog_changelist",
    "admin:axes_accesslog_changelist",
}


@dataclass(frozen=True)
class Case:
    route: str
    kwargs: tuple = ()  # names of the objects, resolved per data set by _kwargs

    def __str__(self):
        return self.route + "".join(f"[{v}]" for _k, v in self.kwargs if not v.startswith("@"))


def _walk(patterns, prefix=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            namespace = f"{prefix}{entry.namespace}:" if entry.namespace else prefix
            yield from _walk(entry.url_patterns, namespace)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{prefix}{entry.name}", entry


def _admin_routes():
    for model in admin.site._registry:
        base = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        yield f"{base}_changelist", ()
        yield f"{base}_change", (("object_id", f"@{model._meta.label}"),)


# For each route with arguments, where its objects come from (see _objects).
ARGUMENTS = {
    "workplan:workplan-detail": [(("slug", "@plan"),)],
    "workplan:activity-detail": [(("slug", "@plan"), ("code", "@activity"))],
    "workplan-detail": [(("slug", "@plan"),)],
    "activity-detail": [(("pk", "@activity_pk"),)],
    "api-dashboard": [(("slug", "@plan"),)],
    "needs:response-edit": [(("round_pk", "@current_round"),)],
    "needs:response-detail": [(("pk", "@needs_response"),)],
    "needs:round-status": [(("pk", "@past_round"),)],
    "needs:round-analysis": [(("pk", "@past_round"),)],
    "needs:round-export": [
        (("pk", "@past_round"), ("kind", kind), ("fmt", fmt)) for kind in EXPORTS for fmt in FORMATS
    ],
    "handbook:edition-detail": [(("pk", "@edition"),)],
    "handbook:suggestion-detail": [(("pk", "@suggestion"),)],
    "evaluation:questionnaire-answer": [(("pk", "@open_questionnaire"),)],
    "evaluation:questionnaire-results": [(("pk", "@questionnaire"),)],
    "evaluation:questionnaire-export": [
        (("pk", "@questionnaire"), ("fmt", fmt)) for fmt in ("csv", "xlsx")
    ],
    "evaluation:response-detail": [(("pk", "@evaluation_response"),)],
    "evaluation:indicator-list": [(("slug", "@plan"),)],
    "evaluation:chart-download": [
        (("key", key), ("fmt", fmt))
        for key, fmt in (("timeline", "csv"), ("budget", "svg"), ("map", "csv"))
    ],
    "evaluation:iati-export": [(("slug", "@plan"),)],
    "needs:training-detail": [(("pk", "@training"),)],
    "countries:profile": [(("iso2", "@country"),)],
    "evaluation:invitation-answer": [(("token", "@invitation_token"),)],
}


def _cases():
    cases = []
    for name, pattern in _walk(get_resolver().url_patterns):
        if name in NOT_PAGES or name.startswith("admin:") and name not in ADMIN_PAGES:
            continue
        if "format" in pattern.pattern.regex.groupindex:
            continue  # DRF's ".json" twin of a route already listed
        if not pattern.pattern.regex.groupindex:
            cases.append(Case(name))
        for kwargs in ARGUMENTS.get(name, []):
            cases.append(Case(name, kwargs))
    cases += [Case(name, kwargs) for name, kwargs in _admin_routes()]
    return sorted(set(cases), key=str)


CASES = _cases()


def _objects():
    """The objects the routes are opened on; the same roles in both data sets."""
    User = get_user_model()
    nfp = User.objects.select_related("focal_point__country").get(username=LOGINS["nfp"])
    country = nfp.focal_point.country
    plan = WorkPlan.objects.order_by("-start_year").first()
    activity = Activity.objects.filter(strand__workplan=plan).order_by("pk").first()
    past_round = AssessmentRound.objects.order_by("opens_on").first()
    questionnaire = Questionnaire.objects.order_by("opens_on", "pk").first()
    latest = Questionnaire.objects.order_by("-opens_on", "-pk").first()
    objects = {
        "@plan": plan.slug,
        "@activity": activity.code,
        "@activity_pk": activity.pk,
        "@current_round": AssessmentRound.objects.order_by("-opens_on").first().pk,
        "@past_round": past_round.pk,
        "@needs_response": CountryResponse.objects.get(round=past_round, country=country).pk,
        "@edition": Edition.objects.get(plan__workplan=plan, language="en").pk,
        "@suggestion": Suggestion.objects.filter(country=country).order_by("pk").first().pk,
        "@questionnaire": questionnaire.pk,
        # Every Party has answered the seeded ones: a new one, open today, to fill in.
        "@open_questionnaire": questionnaire_copy(
            questionnaire=latest, opens_on=timezone.localdate()
        ).pk,
        "@evaluation_response": Response.objects.get(
            questionnaire=questionnaire, country=country
        ).pk,
    }
    # The training with the most nominations, and an unused link to a training test.
    objects["@training"] = (
        TrainingEvent.objects.annotate(n=Count("nominations")).order_by("-n", "pk").first().pk
    )
    objects["@country"] = country.iso2
    invitation = Invitation.objects.filter(answered_at__isnull=True).order_by("pk").first()
    objects["@invitation_token"] = invitation_token(invitation) if invitation else None
    for model in admin.site._registry:
        first = model._default_manager.order_by("pk").first()
        if model is User:
            first = nfp
        objects[f"@{model._meta.label}"] = first.pk if first else None
    return objects


@dataclass
class Result:
    status: int
    queries: int
    error: str = ""


def _get(client, url):
    for cache in caches.all():
        cache.clear()  # the cold cost: caches must not hide a query that grows
    ContentType.objects.clear_cache()  # else only the first page to need a type pays for it
    with CaptureQueriesContext(connection) as queries:
        try:
            response = client.get(url)
            if response.streaming:
                b"".join(response.streaming_content)
        except Exception as error:  # a zeal N+1 or a crash, reported by the test
            return Result(500, len(queries), f"{type(error).__name__}: {error}")
    return Result(response.status_code, len(queries))


def _measure():
    User = get_user_model()
    objects = _objects()
    clients = {"anonymous": Client()}
    for role, username in LOGINS.items():
        clients[role] = Client()
        clients[role].force_login(User.objects.get(username=username))
    results = {}
    for case in CASES:
        kwargs = {key: objects.get(value, value) for key, value in case.kwargs}
        if None in kwargs.values():
            results[case] = None  # no object of that kind to open
            continue
        url = reverse(case.route, kwargs=kwargs)
        results[case] = {role: _get(clients[role], url) for role in ROLES}
    return results


@pytest.fixture(scope="module")
def measured(django_db_setup, django_db_blocker):
    results = {}
    middleware = "tests.n_plus_one.zeal_middleware"
    name = connection.settings_dict["NAME"]
    assert "memory" in str(name) or str(name).startswith("test_"), f"not a test database: {name}"
    with (
        django_db_blocker.unblock(),
        override_settings(
            PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
            MIDDLEWARE=[*_settings_middleware(), middleware],
        ),
    ):
        for size, scale in (("smaller", SMALLER), ("larger", LARGER)):
            with transaction.atomic():
                demo_seed(scale=scale, password="pw", stdout=io.StringIO())
                results[size] = _measure()
                transaction.set_rollback(True)
    return results


def _settings_middleware():
    from django.conf import settings

    return [m for m in settings.MIDDLEWARE if m != "tests.n_plus_one.zeal_middleware"]


@pytest.mark.parametrize("case", CASES, ids=str)
def test_page_queries_are_bounded_and_the_same_on_more_data(measured, case):
    smaller, larger = measured["smaller"][case], measured["larger"][case]
    if smaller is None or larger is None:
        pytest.skip("no object of this kind in the demo data")
    problems = []
    ceiling = FIGURES_CEILING if case.route in FIGURE_ROUTES else CEILING
    for role in ROLES:
        small, large = smaller[role], larger[role]
        for result in (small, large):
            if result.error:
                problems.append(f"{role}: {result.error}")
        if small.status != large.status:
            problems.append(f"{role}: status {small.status} then {large.status}")
        elif small.status == 200 and not (small.queries == large.queries <= ceiling):
            problems.append(
                f"{role}: {small.queries} queries on the smaller data set, "
                f"{large.queries} on the larger (ceiling {ceiling})"
            )
    assert not problems, "; ".join(problems)


def test_every_page_is_rendered_for_some_role(measured):
    unseen = sorted(
        str(case)
        for case, results in measured["smaller"].items()
        if results is not None
        and case.route not in SUPERUSER_ONLY
        and not any(result.status == 200 for result in results.values())
    )
    assert not unseen, unseen


def test_every_route_with_arguments_says_where_its_objects_come_from():
    routes = dict(_walk(get_resolver().url_patterns))
    missing = sorted(
        name
        for name, pattern in routes.items()
        if pattern.pattern.regex.groupindex
        and "format" not in pattern.pattern.regex.groupindex
        and not name.startswith("admin:")
        and name not in NOT_PAGES
        and name not in ARGUMENTS
    )
    assert missing == []
