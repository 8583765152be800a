"""What the Secretariat did to a response, told to the country's focal points twice: a notice on
"My country" (shown even to a focal point without an e-mail address) and an e-mail through the
outbox, in each person's language. Called by the response services inside their transaction.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils.translation import gettext as _

from needs.models import Notice
from needs.reminders import message_queue_to, reachable_focal_points
from workplan import roles
from workplan.models import OutboxMessage

KIND_TO_OUTBOX = {
    Notice.Kind.RETURNED: OutboxMessage.Kind.RETURNED,
    Notice.Kind.ACCEPTED: OutboxMessage.Kind.ACCEPTED,
    Notice.Kind.REOPEN_GRANTED: OutboxMessage.Kind.REOPEN_GRANTED,
}


def _text(kind, values):
    if kind == Notice.Kind.RETURNED:
        subject = _("Your response to “%(round)s” was returned for changes")
        body = _(
            "Dear %(name)s,\n\nThe CMS Secretariat returned the response of %(country)s to "
            "“%(round)s” for changes. The reason given:\n\n%(reason)s\n\n"
            "Change it and submit it again:\n%(link)s\n"
        )
    elif kind == Notice.Kind.REOPEN_GRANTED:
        subject = _("Your response to “%(round)s” was reopened")
        body = _(
            "Dear %(name)s,\n\nThe CMS Secretariat reopened the response of %(country)s to "
            "“%(round)s”, as you asked. %(reason)s\n\n"
            "Change it and submit it again:\n%(link)s\n"
        )
    else:
        subject = _("Your response to “%(round)s” was accepted")
        body = _(
            "Dear %(name)s,\n\nThe CMS Secretariat accepted the response of %(country)s to "
            "“%(round)s” as final. Thank you.\n\n%(link)s\n"
        )
    return subject % values, body % values


def notice_record(*, response, kind, user, reason=""):
    """Record the notice and queue the e-mail to every reachable focal point of the country."""
    notice = Notice(response=response, kind=kind, reason=reason, created_by=user)
    notice.full_clean()
    notice.save()
    link = settings.SITE_URL + reverse(
        "needs:response-edit", kwargs={"round_pk": response.round_id}
    )
    recipients = (
        reachable_focal_points().filter(country=response.country).select_related("user__profile")
    )
    for focal_point in recipients:
        values = {
            "name": focal_point.user.get_full_name() or focal_point.user.username,
            "country": response.country.name,
            "round": response.round.title,
            "reason": reason,
            "link": link,
        }
        message_queue_to(
            focal_point.user,
            lambda values=values: _text(kind, values),
            country=response.country,
            kind=KIND_TO_OUTBOX[kind],
            about=response,
        )
    return notice


def reopen_requested_notify(*, response, user):
    """Tell the Secretariat (every active member with an address) that an NFP asks to reopen."""
    staff = (
        get_user_model()
        .objects.filter(groups__name=roles.SECRETARIAT, is_active=True)
        .exclude(email="")
        .select_related("profile")
        .distinct()
    )
    link = settings.SITE_URL + reverse("needs:response-detail", kwargs={"pk": response.pk})
    values = {
        "country": response.country.name,
        "round": response.round.title,
        "reason": response.reopen_reason,
        "link": link,
    }

    def compose():
        subject = _("%(country)s asks to reopen its response to “%(round)s”") % values
        body = _(
            "%(who)s, focal point of %(country)s, asks to reopen the response to "
            "“%(round)s”. The reason given:\n\n%(reason)s\n\n%(link)s\n"
        ) % {"who": user.get_full_name() or user.username, **values}
        return subject, body

    for member in staff:
        message_queue_to(
            member,
            compose,
            country=response.country,
            kind=OutboxMessage.Kind.REOPEN_REQUESTED,
            about=response,
        )
