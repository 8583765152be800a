"""The "Forgotten your password?" pages: Django's own views and token, our templates, and a
rate limit per address and per client so the form cannot be used to flood a mailbox."""

from django.contrib.auth import get_user_model
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordResetForm
from django.utils.translation import gettext as _

from workplan.security import client_ip
from workplan.services import password_reset_request_admit


class ResetForm(PasswordResetForm):
    def get_users(self, email):
        """Active logins with this address, including those the Secretariat created without a
        password (they choose their first one from this link); Django's form skips those."""
        User = get_user_model()
        email_field = User.get_email_field_name()
        users = User._default_manager.filter(**{f"{email_field}__iexact": email, "is_active": True})
        return (
            user for user in users if getattr(user, email_field, "").casefold() == email.casefold()
        )


class RateLimitedPasswordResetView(auth_views.PasswordResetView):
    form_class = ResetForm

    def form_valid(self, form):
        admitted = password_reset_request_admit(
            email=form.cleaned_data["email"], client_ip=client_ip(self.request)
        )
        if not admitted:
            form.add_error(
                None,
                _(
                    "Too many password-reset requests for this address or from this "
                    "connection. Wait an hour and try again, or ask the Secretariat."
                ),
            )
            response = self.form_invalid(form)
            response.status_code = 429
            return response
        return super().form_valid(form)
