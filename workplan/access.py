"""The one place that says who may see what. Every view asks here.

An NFP's country comes from their FocalPoint, never from a form field or the URL.
Views return 404 for an object outside the user's scope, and 403 for a role that may not act.
"""

from functools import wraps

from django.contrib.auth.mixins import AccessMixin
from django.core.exceptions import PermissionDenied
from django.http import Http404

from workplan import roles
from workplan.models import FocalPoint


def country_of(user):
    """The country an NFP speaks for, or None. Cached on the user for the request."""
    if not user.is_authenticated:
        return None
    if not hasattr(user, "_cms_country"):
        focal_point = (
            FocalPoint.objects.select_related("country").filter(user=user).first()
            if roles.is_nfp(user)
            else None
        )
        user._cms_country = focal_point.country if focal_point else None
    return user._cms_country


def require_country(user):
    """The NFP's country; a user without one gets 404 (nothing to show, nothing to hint)."""
    country = country_of(user)
    if country is None:
        raise Http404("No country is linked to this login.")
    return country


def can_read_all_countries(user):
    """Secretariat and committee members (the READERS; superusers too) read every country's
    submissions. The one definition of the rule: views, querysets and templates ask here."""
    return roles.has_role(user, roles.READERS)


def scope_to_country(queryset, user, field="country", *, read_all=can_read_all_countries):
    """The rows of ``queryset`` the user may read: all of them for those ``read_all`` lets in
    (by default the Secretariat and the committees), their country's for a focal point (``field``
    leads to the country), none for anyone else."""
    if read_all(user):
        return queryset
    country = country_of(user)
    if country is None:
        return queryset.none()
    return queryset.filter(**{field: country})


class RoleRequiredMixin(AccessMixin):
    """Let in only the listed roles (names from workplan.roles); others get 403.

    ``allowed_roles`` lists role names; superusers always pass. Anonymous users are sent to log
    in by LoginRequiredMiddleware before they get here.
    """

    allowed_roles: tuple = ()

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        if not user.is_authenticated:
            return self.handle_no_permission()
        if not roles.has_role(user, self.allowed_roles):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


def role_required(*allowed):
    """For function views: the listed roles (or a superuser) pass, others get 403."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not roles.has_role(request.user, allowed):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
