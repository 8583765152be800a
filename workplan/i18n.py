"""Which language a person reads: one place for pages, e-mails and exports."""

from django.conf import settings


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
