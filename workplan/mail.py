"""An e-mail backend that records every message Django sends into the outbox.

Set as ``EMAIL_BACKEND``, it makes ``send_mail``, ``EmailMessage.send()`` and the password
reset e-mail go through ``workplan.outbox`` without their code knowing: one row per recipient,
delivered after the commit through ``OUTBOX_DELIVERY_BACKEND`` (SMTP, an API provider through
django-anymail, or the console in development).
"""

from django.core.mail.backends.base import BaseEmailBackend
from django.utils import translation

from workplan import outbox


def _html(message):
    for content, mimetype in getattr(message, "alternatives", []) or []:
        if mimetype == "text/html":
            return content
    return ""


class OutboxBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        count = 0
        for message in email_messages:
            recipients = message.recipients()
            for address in recipients:
                outbox.message_queue(
                    recipient=address,
                    subject=message.subject,
                    body=message.body,
                    html_body=_html(message),
                    from_email=message.from_email,
                    language=translation.get_language() or "",
                )
            count += bool(recipients)
        return count
