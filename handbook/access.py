"""Who may read and write handbook suggestions. Every suggestion view asks here.

NFPs speak for their country (from FocalPoint); partners are logins the Secretariat invited
through a handbook Partner record (they have no focal point and no role group) and speak for
their organisation only. Secretariat and committee members read every suggestion and write none
through the site (the Secretariat triages in the admin).
"""

from django.contrib.auth.mixins import AccessMixin
from django.core.exceptions import PermissionDenied

from handbook.models import partner_of
from workplan import roles
from workplan.access import can_read_all_countries, require_country


def check_may_suggest(user):
    """An NFP with a country or an active partner; an NFP without a country gets 404.
    Secretariat and committee logins read suggestions but never write them, even when they
    also hold a partner record."""
    if can_read_all_countries(user):
        raise PermissionDenied
    if roles.is_nfp(user):
        require_country(user)
        return
    if partner_of(user) is None:
        raise PermissionDenied


def check_may_read_suggestions(user):
    if can_read_all_countries(user):
        return
    check_may_suggest(user)


class SuggestionAccessMixin(AccessMixin):
    """``write = True`` for views that store a suggestion, False for reading ones."""

    write = False

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if self.write:
            check_may_suggest(request.user)
        else:
            check_may_read_suggestions(request.user)
        return super().dispatch(request, *args, **kwargs)
