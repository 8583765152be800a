"""Whole pages from the cache (workplan.page_cache): never one user's page for another.

For every cached page: users of different roles, countries and languages each see their own
navigation and their own language, anonymous visitors never get a logged-in page, a write shows
on the next request, and the CSRF token on a page from the cache works for the user who got it.
The test settings' cache is local memory, so the cache is really in use here.
"""

import re
from decimal import Decimal

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.contrib.messages.storage.cookie import CookieStorage
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone

from evaluation import services as evaluation_services
from needs import services as needs_services
from needs.models import CountryResponse, TrainingNeed
from tests.conftest import PASSWORD
from tests.evaluation.conftest import answers, build_questionnaire
from tests.needs.conftest import need
from workplan import roles
from workplan.i18n import SESSION_KEY
from workplan.models import Activity, Contribution, Country, FocalPoint
from workplan.selectors import workplan_current

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def _client(user=None, language=None, **options):
    client = Client(**options)
    if user is not None:
        client.force_login(user)
        if language:
            session = client.session
            session[SESSION_KEY] = language
            session.save()
    elif language:
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def _get(client, url):
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response, response.content.decode()


@pytest.fixture
def stc2(db, django_user_model):
    user = django_user_model.objects.create_user(username="stc_second", password=PASSWORD)
    user.groups.add(Group.objects.get(name=roles.STANDING_COMMITTEE))
    return user


@pytest.fixture
def questionnaire(workplan_2012, django_user_model):
    """A questionnaire with one submitted answer from Kenya."""
    activity = Activity.objects.get(strand__workplan=workplan_2012, code="1.4")
    q = build_questionnaire(activity, audience="nfps", today=timezone.localdate())
    _submit(q, django_user_model, "KE", 5)
    return q


def _submit(questionnaire, django_user_model, iso2, rating):
    user = django_user_model.objects.create_user(username=f"answer_{iso2}", password=PASSWORD)
    user.groups.add(Group.objects.get(name=roles.NFP))
    FocalPoint.objects.create(user=user, country=Country.objects.get(iso2=iso2))
    evaluation_services.response_submit(
        questionnaire=questionnaire,
        user=user,
        answers=answers(questionnaire, rating_1_5=rating, yes_no=True),
    )


@pytest.fixture
def analysed_round(open_round, lookups, kenya):
    response = CountryResponse.objects.create(
        round=open_round, country=kenya, status="submitted", submitted_at=timezone.now()
    )
    TrainingNeed.objects.create(response=response, **need(lookups, "topic", priority=5))
    return open_round


@pytest.fixture
def pages(workplan_2012, questionnaire, analysed_round):
    """Every cached HTML page that a committee member may read: name -> URL."""
    return {
        "overview": reverse("workplan:home"),
        "work plans": reverse("workplan:workplan-list"),
        "work plan": reverse("workplan:workplan-detail", args=[workplan_2012.slug]),
        "activity": reverse("workplan:activity-detail", args=[workplan_2012.slug, "1.4"]),
        "dashboard": reverse("evaluation:dashboard") + f"?workplan={workplan_2012.slug}",
        "report": reverse("evaluation:report") + f"?workplan={workplan_2012.slug}",
        "results": reverse("evaluation:questionnaire-results", args=[questionnaire.pk]),
        "analysis": reverse("needs:round-analysis", kwargs={"pk": analysed_round.pk}),
    }


PAGES = ["overview", "work plans", "work plan", "activity", "dashboard", "report", "results"]
PAGES.append("analysis")
PUBLIC = ["overview", "work plans", "work plan", "activity"]


@pytest.mark.parametrize("name", PAGES)
def test_roles_see_their_own_navigation_from_the_cache(name, pages, secretariat, stc, stc2):
    """The Secretariat, then two committee members: the second member gets the first one's
    cached page, with their own name, and nobody gets the Secretariat's administration link."""
    url = pages[name]
    seen = {}
    for user in (secretariat, stc, stc2, secretariat, stc):
        response, html = _get(_client(user), url)
        seen.setdefault(user.username, []).append(response.get("X-Page-Cache"))
        assert f">{user.username}</span>" in html
        others = {secretariat.username, stc.username, stc2.username} - {user.username}
        assert not any(f">{other}</span>" in html for other in others)
        assert f'title="{user.username}"' in html
        assert (reverse("admin:index") in html) is (user == secretariat)
        assert "Needs assessment" in html and reverse("evaluation:dashboard") in html
    # Cached indeed: the committee's page was rendered once for both of its members.
    assert seen["stc"] == ["miss", "hit"] and seen["stc_second"] == ["hit"]
    assert seen["sec"] == ["miss", "hit"]


@pytest.mark.parametrize("name", PAGES)
def test_languages_never_mix(name, pages, stc, stc2):
    url = pages[name]
    for _round in range(2):
        _response, french = _get(_client(stc, "fr"), url)
        _response, english = _get(_client(stc2, "en"), url)
        _response, spanish = _get(_client(stc2, "es"), url)
        assert '<html lang="fr">' in french and "Se déconnecter" in french
        assert '<html lang="en">' in english and "Log out" in english
        assert '<html lang="es">' in spanish and "Cerrar sesión" in spanish


@pytest.mark.parametrize("name", PUBLIC)
def test_focal_points_of_two_countries_and_anonymous_visitors(
    name, pages, nfp_kenya, nfp_peru, stc
):
    url = pages[name]
    for _round in range(2):
        for user in (nfp_kenya, nfp_peru, stc, None):
            response, html = _get(_client(user), url)
            names = {nfp_kenya.username, nfp_peru.username, stc.username}
            mine = {user.username} if user else set()
            for username in names:
                assert (f">{username}</span>" in html) is (username in mine)
            my_country = f'href="{reverse("needs:my-country")}"'
            if user is None:
                assert "Log in" in html and "Log out" not in html
                assert my_country not in html
            else:
                assert "Log out" in html
                assert (my_country in html) is (user != stc)
    assert response.get("X-Page-Cache") == "hit"


def test_a_focal_points_page_is_keyed_on_their_country(pages, nfp_kenya, nfp_peru):
    from workplan.page_cache import page_key

    factory = RequestFactory()
    keys = set()
    for user in (nfp_kenya, nfp_peru):
        request = factory.get(pages["overview"])
        request.user = user
        keys.add(page_key(request))
    assert len(keys) == 2


def test_the_api_list_is_shared_and_shows_a_write(
    client, workplan_2012, stc, django_capture_on_commit_callbacks
):
    url = reverse("activity-list") + "?page_size=10"
    first = client.get(url)
    client.force_login(stc)
    second = client.get(url)
    assert second.get("X-Page-Cache") == "hit" and second.json() == first.json()
    # Only JSON is stored (an HTML rendering could hold the user's name).
    refused = client.get(url, HTTP_ACCEPT="text/html")
    assert refused.status_code == 406 and refused.get("X-Page-Cache") is None
    french = Client().get(url, HTTP_ACCEPT_LANGUAGE="fr").json()
    assert french["results"][0]["title"] != first.json()["results"][0]["title"]
    with django_capture_on_commit_callbacks(execute=True):
        activity = Activity.objects.get(strand__workplan=workplan_2012, code="1.1")
        activity.title_en = "A title written a moment ago"
        activity.save()
    titles = [row["title"] for row in client.get(url).json()["results"]]
    assert "A title written a moment ago" in titles


def _write_for(page, workplan, django_user_model, questionnaire, analysed_round, lookups):
    if page in ("overview", "work plans"):
        current = workplan_current()
        current.title_en = "A plan renamed a moment ago"
        current.save()
        return "A plan renamed a moment ago"
    if page in PUBLIC:
        activity = Activity.objects.get(strand__workplan=workplan, code="1.4")
        activity.title_en = "A title written a moment ago"
        activity.save()
        return "A title written a moment ago"
    if page in ("dashboard", "report"):
        Contribution.objects.create(
            workplan=workplan,
            donor="Norway",
            amount_usd=Decimal("12345"),
            state="received",
            kind="core",
            date="2012-06-01",
        )
        return "US$12,345"
    if page == "results":
        _submit(questionnaire, django_user_model, "PE", 1)
        return '<span id="submitted-count">2</span>'
    response = CountryResponse.objects.create(
        round=analysed_round,
        country=Country.objects.get(iso2="PE"),
        status="submitted",
        submitted_at=timezone.now(),
    )
    TrainingNeed.objects.create(response=response, **need(lookups, "topic2", priority=5))
    return "Bycatch and fisheries interactions"


@pytest.mark.parametrize("name", PAGES)
def test_a_write_shows_on_the_next_request(
    name,
    pages,
    stc,
    workplan_2012,
    questionnaire,
    analysed_round,
    lookups,
    peru,
    django_user_model,
    django_capture_on_commit_callbacks,
):
    client = _client(stc)
    _get(client, pages[name])
    response, before = _get(client, pages[name])
    assert response.get("X-Page-Cache") == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        expected = _write_for(
            name, workplan_2012, django_user_model, questionnaire, analysed_round, lookups
        )
    assert expected not in before
    response, after = _get(client, pages[name])
    assert response.get("X-Page-Cache") == "miss"
    assert expected in after


def test_the_csrf_token_of_a_cached_page_is_the_readers_own(workplan_2012, stc, stc2):
    url = reverse("workplan:home")
    _get(_client(stc), url)  # the committee's page is now cached
    reader = _client(stc2, enforce_csrf_checks=True)  # no CSRF cookie yet
    response, html = _get(reader, url)
    assert response.get("X-Page-Cache") == "hit"
    token = TOKEN.search(html)[1]
    assert "cms-csrf" not in html and "cms-per-request" not in html
    switched = reader.post(reverse("set_language"), {"language": "fr", "next": url})
    assert switched.status_code == 403  # no token sent: refused, as ever
    switched = reader.post(
        reverse("set_language"), {"language": "fr", "next": url, "csrfmiddlewaretoken": token}
    )
    assert switched.status_code == 302
    _response, french = _get(reader, url)
    assert '<html lang="fr">' in french
    token = TOKEN.search(french)[1]
    logged_out = reader.post(reverse("logout"), {"csrfmiddlewaretoken": token})
    assert logged_out.status_code == 302
    _response, anonymous = _get(reader, url)
    assert "stc_second" not in anonymous and "Log out" not in anonymous


def test_messages_show_on_a_cached_page(workplan_2012, stc):
    url = reverse("workplan:home")
    _get(_client(stc), url)
    client = _client(stc)
    storage = CookieStorage(RequestFactory().get(url))
    client.cookies[storage.cookie_name] = storage._encode(
        [Message(constants.SUCCESS, "Your change was saved.")]
    )
    response, html = _get(client, url)
    assert response.get("X-Page-Cache") == "hit"
    assert "Your change was saved." in html
    _response, again = _get(client, url)
    assert "Your change was saved." not in again


def test_without_a_cache_pages_are_rendered_as_usual(settings, workplan_2012, stc):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "cms_cache_that_does_not_exist",
        }
    }
    client = _client(stc)
    for _ in range(2):
        response, html = _get(client, reverse("workplan:home"))
        assert response.get("X-Page-Cache") is None
        assert ">stc</span>" in html and "cms-per-request" not in html
        assert TOKEN.search(html)[1] != "cms-csrf-placeholder"


def test_a_lost_generation_never_brings_back_a_page_from_before_a_write(
    workplan_2012, stc, django_capture_on_commit_callbacks
):
    """The cache may drop the generation number like any entry (the database and local-memory
    caches cull a third of their keys once full, the generation among them; Redis may evict).
    A page cached before a write must not come back when the number starts again."""
    from django.core.cache import cache

    from workplan.cache import GENERATION_KEY

    overview, activity = (
        reverse("workplan:home"),
        reverse("workplan:activity-detail", args=[workplan_2012.slug, "1.4"]),
    )
    client = _client(stc)
    for url in (overview, activity):
        _get(client, url)  # both cached
    with django_capture_on_commit_callbacks(execute=True):
        changed = Activity.objects.get(strand__workplan=workplan_2012, code="1.4")
        changed.title_en = "A title written a moment ago"
        changed.save()
    cache.delete(GENERATION_KEY)  # culled
    _get(client, overview)  # the first read after the loss starts the number again
    response, html = _get(client, activity)
    assert response.get("X-Page-Cache") == "miss"
    assert "A title written a moment ago" in html


def test_the_survey_form_is_never_cached_while_it_can_change(open_round, nfp_kenya):
    """The editable form carries the draft's version and a fresh submission key: two tabs must
    never get the same one, so the page is rendered afresh every time."""
    url = reverse("needs:response-edit", kwargs={"round_pk": open_round.pk})
    client = _client(nfp_kenya)
    keys = []
    for _ in range(2):
        response, html = _get(client, url)
        assert response.get("X-Page-Cache") is None
        assert "no-store" in response["Cache-Control"]
        keys.append(re.search(r'name="submission_key" value="([^"]+)"', html)[1])
    assert keys[0] != keys[1]


def test_a_submitted_survey_is_cached_per_country_and_a_return_shows_next(
    analysed_round, nfp_kenya, nfp_peru, secretariat, django_capture_on_commit_callbacks
):
    """Once submitted the page is read-only: served from the cache to Kenya's focal points only;
    the Secretariat returning it makes the next request the editable form again."""
    url = reverse("needs:response-edit", kwargs={"round_pk": analysed_round.pk})
    kenya = _client(nfp_kenya)
    _get(kenya, url)
    response, html = _get(kenya, url)
    assert response.get("X-Page-Cache") == "hit"
    assert 'name="submission_key"' not in html and "nfp_ke" in html
    response, html = _get(_client(nfp_peru), url)
    assert response.get("X-Page-Cache") != "hit"
    assert "Peru" in html and "Kenya" not in html
    with django_capture_on_commit_callbacks(execute=True):
        needs_services.response_return(
            response=CountryResponse.objects.get(round=analysed_round, country__iso2="KE"),
            user=secretariat,
            reason="Please add the budget.",
        )
    response, html = _get(kenya, url)
    assert response.get("X-Page-Cache") is None and 'name="submission_key"' in html
