"""Which language a person reads: one place for pages, e-mails and exports.

A logged-in user's choice is kept on their profile (``UserProfile.language``) and copied into
the session at login and whenever they pick a language, so activating it on each request costs
no query. Anonymous visitors get Django's own choice (language cookie, then the browser's).
"""

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.utils import translation
from django.views.i18n import set_language

SESSION_KEY = "preferred_language"


def preferred_language(user) -> str:
    """The user's chosen language, or the site's default when they have not chosen one."""
    profile = getattr(user, "profile", None) if user is not None else None
    language = getattr(profile, "language", "") if profile is not None else ""
    return language or settings.LANGUAGE_CODE


def preferred_language_set(*, user, language: str) -> None:
    """Record the user's choice; an unknown code is ignored."""
    from workplan.models import UserProfile

    if language not in dict(settings.LANGUAGES):
        return
    UserProfile.objects.update_or_create(user=user, defaults={"language": language})


def _chosen_language(user) -> str:
    """The language the user chose, or "" when they have not chosen one (no default)."""
    profile = getattr(user, "profile", None)
    return getattr(profile, "language", "") if profile is not None else ""


@receiver(user_logged_in, dispatch_uid="workplan.i18n.language_at_login")
def language_at_login(sender, request, user, **kwargs):
    """At login, the user's recorded language wins; a first choice made before login is kept."""
    if request is None or not hasattr(request, "session"):
        return
    from workplan.models import UserProfile

    try:
        chosen = _chosen_language(user)
    except UserProfile.DoesNotExist:
        chosen = ""
    if not chosen:
        cookie = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        if cookie in dict(settings.LANGUAGES):
            preferred_language_set(user=user, language=cookie)
            chosen = cookie
    if chosen:
        request.session[SESSION_KEY] = chosen


class UserLanguageMiddleware:
    """After LocaleMiddleware and authentication: a logged-in user reads their own language."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = ""
        if getattr(request, "user", None) is not None and request.user.is_authenticated:
            language = request.session.get(SESSION_KEY, "")
        if language in dict(settings.LANGUAGES):
            translation.activate(language)
            request.LANGUAGE_CODE = language
        response = self.get_response(request)
        if language:
            # Keep the cookie in step, so the login page after a logout shows the same language.
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                language,
                max_age=settings.LANGUAGE_COOKIE_AGE,
                samesite=settings.LANGUAGE_COOKIE_SAMESITE,
                secure=settings.LANGUAGE_COOKIE_SECURE,
                httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
            )
        return response


def language_choose(request):
    """Django's set_language, and for a logged-in user the choice is recorded on their profile."""
    response = set_language(request)
    language = request.POST.get("language", "")
    if (
        request.method == "POST"
        and language in dict(settings.LANGUAGES)
        and request.user.is_authenticated
    ):
        preferred_language_set(user=request.user, language=language)
        request.session[SESSION_KEY] = language
    return response


def content_language(obj, field: str) -> str:
    """The language of the text ``obj.<field>`` shows: the active one, or English as fallback.

    For a field translated with django-modeltranslation; any other field is in English.
    """
    active = translation.get_language() or settings.LANGUAGE_CODE
    active = active.split("-")[0]
    if active == settings.LANGUAGE_CODE:
        return active
    own = getattr(obj, f"{field}_{active}", None)
    if own is None and not hasattr(obj, f"{field}_{active}"):
        return settings.LANGUAGE_CODE
    return active if own else settings.LANGUAGE_CODE


def language_codes() -> list[str]:
    """The site's languages, English (the source) first."""
    return [code for code, _name in settings.LANGUAGES]


def translations_of(obj, *fields) -> dict:
    """Every language's value of translated fields, to copy an object without losing any.

    ``Model(**translations_of(other, "title"))`` sets title_en, title_fr and title_es; assigning
    ``title=other.title`` instead would store one language's text (the active one) only.
    """
    return {
        f"{field}_{code}": getattr(obj, f"{field}_{code}")
        for field in fields
        for code in language_codes()
    }


def localized(path: str):
    """An expression for a translated field across a relation, in the active language with
    the English fallback: ``localized("topic__name")`` for ``values()`` and aggregates, where
    modeltranslation's own rewriting does not reach (a model that is not translated itself)."""
    from django.db.models import CharField, F, Value
    from django.db.models.functions import Coalesce, NullIf

    active = (translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]
    english = F(f"{path}_{settings.LANGUAGE_CODE}")
    if active == settings.LANGUAGE_CODE or active not in dict(settings.LANGUAGES):
        return english
    return Coalesce(NullIf(F(f"{path}_{active}"), Value("")), english, output_field=CharField())
