"""Request facts that security features rely on."""

from django.conf import settings


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
