"""Request facts that security features rely on."""

import time

from django.conf import settings
from django.contrib.auth import logout


def client_ip(request):
    """The client's address: REMOTE_ADDR, or, behind TRUSTED_PROXY_COUNT declared proxies, the
    address the outermost trusted proxy saw. A client-supplied X-Forwarded-For is never trusted
    unless proxies are declared, so it cannot dodge login throttling by inventing addresses.
    """
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies > 0:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR")


def stamp_session_at_login(sender, request, user, **kwargs):
    """Start both session clocks at login, so the first page after it writes nothing."""
    now = int(time.time())
    request.session["auth_started_at"] = now
    request.session["auth_seen_at"] = now


class SessionTimeoutMiddleware:
    """Log a user out after SESSION_IDLE_SECONDS without a request, or SESSION_ABSOLUTE_SECONDS
    after login, whichever comes first; the next page asks them to log in again.

    The idle clock is written at most once a minute, so reading pages does not write the
    session table on every request.
    """

    TOUCH_EVERY = 60

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = int(time.time())
            session = request.session
            started = session.setdefault("auth_started_at", now)
            seen = session.get("auth_seen_at", now)
            if (
                now - seen > settings.SESSION_IDLE_SECONDS
                or now - started > settings.SESSION_ABSOLUTE_SECONDS
            ):
                logout(request)
            elif now - seen >= self.TOUCH_EVERY or "auth_seen_at" not in session:
                session["auth_seen_at"] = now
        return self.get_response(request)
