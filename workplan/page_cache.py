"""Whole pages served from the cache, for as long as the project's data does not change.

A read-only page (the work plan overview, the dashboard, the analysis pages, the API list) is
rendered once per *audience* and data generation (``workplan.cache``): the key holds the path
and query string, the host, the language, the date, the ``Accept`` header and who is asking, as
the roles, superuser flag and country that decide what such a page shows (or the user themself
where the content is personal). Any write bumps the generation after its commit, so the next
request renders afresh.

What belongs to one request or one user never enters the cache:

- the CSRF token: every ``csrfmiddlewaretoken`` value is stored as a placeholder and filled in
  with the requesting user's own token on the way out;
- the user's name, the log-out form and ``django.contrib.messages``: ``base.html`` marks them with
  ``{% per_request "..." %}``; while a page is rendered for the cache the tag writes a marker, and
  each response renders those small templates for its own request.

A hit costs one cache round trip (the generation and the page are read together); the view,
its queries and its template are skipped. Without a working cache pages are rendered as usual.
Only the access a key encodes is checked on a hit, so wrap only views whose access depends on
nothing but login, roles and country (``personal=True`` adds the user for anything else).
"""

import hashlib
import re
from functools import wraps

from django.core.cache import cache
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.html import format_html

from workplan import roles
from workplan.access import country_of
from workplan.cache import (
    GENERATION_KEY,
    TIMEOUT,
    CacheUnavailable,
    _guarded,
    figures_generation,
    generation_pinned,
)

CAPTURE_ATTRIBUTE = "_cms_page_capture"
CSRF_PLACEHOLDER = "cms-csrf-placeholder"
_CSRF_VALUE = re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]*(")')
_MARKER = re.compile(r"<!--cms-per-request:([\w/.-]+)-->")


def per_request(context, template_name):
    """The tag's output: ``template_name`` rendered now, or a marker when rendering for the cache
    (the marker is replaced by a render for each request that gets the page)."""
    request = context.get("request")
    if request is not None and getattr(request, CAPTURE_ATTRIBUTE, False):
        return format_html("<!--cms-per-request:{}-->", template_name)
    template = context.template.engine.get_template(template_name)
    with context.push():
        return template.render(context)


def audience(request, *, personal=False, public=False):
    """Who the page is for, as far as its content can differ: anonymous, or the roles, the
    superuser flag and the country of the login (and the login itself when ``personal``);
    everyone alike for a ``public`` response that holds nothing of the user (the API's JSON)."""
    if public:
        return "public"
    user = request.user
    if not user.is_authenticated:
        return "anonymous"
    country = country_of(user)
    parts = [
        "user",
        ",".join(sorted(roles.user_roles(user))),
        "su" if user.is_superuser else "",
        "staff" if user.is_staff else "",
        country.iso2 if country is not None else "",
    ]
    if personal:
        parts.append(str(user.pk))
    return "|".join(parts)


def page_key(request, *, personal=False, public=False):
    parts = [
        request.path,
        request.META.get("QUERY_STRING", ""),
        request.get_host(),
        translation.get_language() or "",
        # Pages say "as of today" and draw a today line: a new day is a new page.
        timezone.localdate().isoformat(),
        request.META.get("HTTP_ACCEPT", ""),
        audience(request, personal=personal, public=public),
    ]
    digest = hashlib.sha256("\n".join(parts).encode()).hexdigest()
    return f"cms:page:{digest}"


def _fill(request, content):
    """Cached HTML with this request's CSRF token and per-request parts filled in."""
    if CSRF_PLACEHOLDER in content:
        content = content.replace(CSRF_PLACEHOLDER, get_token(request))
    if "<!--cms-per-request:" in content:
        content = _MARKER.sub(lambda m: render_to_string(m[1], request=request), content)
    return content


def _serve(request, entry):
    response = HttpResponse(_fill(request, entry["content"]))
    for header, value in entry["headers"]:
        response[header] = value
    response["X-Page-Cache"] = "hit"
    return response


def _read(key):
    """(generation, cached entry or None) in one round trip; generation None when unreachable."""
    try:
        with _guarded("reading a cached page"):
            values = cache.get_many([GENERATION_KEY, key])
    except CacheUnavailable:
        return None, None
    generation = values.get(GENERATION_KEY)
    if generation is None:
        generation = figures_generation()
        return generation, None
    entry = values.get(key)
    if entry is None or entry.get("generation") != generation:
        return generation, None
    return generation, entry


def _cacheable(response):
    """A GET answered 200 that holds nothing of one request: no cookie set, no download, and
    not marked ``no-store`` by its view (a form that carries a draft's version and a submission
    key is; its read-only state is not)."""
    return (
        response.status_code == 200
        and "no-store" not in response.get("Cache-Control", "")
        and not response.streaming
        and not response.cookies
        and not response.has_header("Content-Disposition")
    )


def page_cached(
    view=None, *, personal=False, public=False, content_types=("text/html", "application/json")
):
    """Serve a GET of ``view`` from the cache for this page, audience and data generation."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.method != "GET":
                return view(request, *args, **kwargs)
            key = page_key(request, personal=personal, public=public)
            generation, entry = _read(key)
            if entry is not None:
                return _serve(request, entry)
            setattr(request, CAPTURE_ATTRIBUTE, generation is not None)
            try:
                with generation_pinned(generation):
                    response = view(request, *args, **kwargs)
                    if callable(getattr(response, "render", None)) and not response.is_rendered:
                        response.render()
            finally:
                setattr(request, CAPTURE_ATTRIBUTE, False)
            if generation is None:
                return response
            content_type = response.get("Content-Type", "")
            if not _cacheable(response) or not content_type.startswith(content_types):
                if not response.streaming and b"<!--cms-per-request:" in response.content:
                    response.content = _fill(request, response.content.decode(response.charset))
                return response
            content = _CSRF_VALUE.sub(
                rf"\g<1>{CSRF_PLACEHOLDER}\g<2>", response.content.decode(response.charset)
            )
            headers = [
                (header, value)
                for header, value in response.items()
                if header.lower() not in ("content-length", "set-cookie")
            ]
            entry = {"generation": generation, "content": content, "headers": headers}
            try:
                with _guarded("storing a cached page"):
                    cache.set(key, entry, timeout=TIMEOUT)
            except CacheUnavailable:
                pass
            response.content = _fill(request, content)
            response["X-Page-Cache"] = "miss"
            return response

        return wrapper

    return decorator(view) if view is not None else decorator
