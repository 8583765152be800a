"""Logins as the Secretariat manages them: create, give one of the four roles and a country,
deactivate, send a password-reset link.

Django's own user admin lets anyone with "change user" tick ``is_superuser``, grant any
permission and set anyone's password. Here only a superuser sees or changes ``is_superuser``,
``is_staff``, ``user_permissions`` and groups outside the four roles, or edits a superuser or a
staff account (the Secretariat's own included); everyone else gets those accounts read-only, and
fields they may not set are not in their form, so posting them changes nothing.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import UserChangeForm
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from workplan import roles
from workplan.models import Country, FocalPoint
from workplan.selectors import user_role
from workplan.services import user_deactivate, user_password_reset_send, user_role_set

User = get_user_model()

ROLE_FORM_CHOICES = [
    ("", _("No role")),
    *((key, roles.ROLE_LABELS[name]) for key, name in roles.ROLE_CHOICES.items()),
]


class RoleFieldsMixin(forms.Form):
    """The role (one of the four groups) and, for a focal point, the country."""

    role = forms.ChoiceField(label=_("Role"), choices=ROLE_FORM_CHOICES, required=False)
    country = forms.ModelChoiceField(
        label=_("Country"),
        queryset=Country.objects.order_by("name"),
        required=False,
        help_text=_("Required for a National Focal Point: the only country they see."),
    )

    def _initial_role(self, user):
        if user.pk:
            self.fields["role"].initial = user_role(user)
            focal_point = FocalPoint.objects.filter(user=user).first()
            self.fields["country"].initial = focal_point.country_id if focal_point else None

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("role") == "nfp" and not cleaned.get("country"):
            self.add_error("country", _("A National Focal Point needs a country."))
        return cleaned


class ManagedUserCreationForm(RoleFieldsMixin, forms.ModelForm):
    """A new login without a password: the person chooses one from the reset link."""

    send_reset_link = forms.BooleanField(
        label=_("Send a password-reset link now"),
        required=False,
        initial=True,
        help_text=_("The person chooses their own password from the link; nobody else knows it."),
    )

    class Meta:
        model = User
        fields = ["username", "first_name", "last_name", "email"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "email" in self.fields:
            self.fields["email"].required = True
        if "role" in self.fields:
            # A new login needs a role chosen on purpose: no "No role", no default.
            self.fields["role"].required = True
            self.fields["role"].choices = [("", "---------"), *ROLE_FORM_CHOICES[1:]]

    def save(self, commit=True):
        user = super().save(commit=False)
        user.set_unusable_password()
        if commit:
            user.save()
        return user


class ManagedUserChangeForm(RoleFieldsMixin, UserChangeForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._initial_role(self.instance)


class RoleListFilter(admin.SimpleListFilter):
    title = _("role")
    parameter_name = "role"

    def lookups(self, request, model_admin):
        return [(key, roles.ROLE_LABELS[name]) for key, name in roles.ROLE_CHOICES.items()]

    def queryset(self, request, queryset):
        if self.value() in roles.ROLE_CHOICES:
            return queryset.filter(groups__name=roles.ROLE_CHOICES[self.value()])
        return queryset


admin.site.unregister(User)


@admin.register(User)
class ManagedUserAdmin(UserAdmin):
    form = ManagedUserChangeForm
    add_form = ManagedUserCreationForm
    add_form_template = None
    list_display = ["username", "email", "full_name", "role", "country", "is_active", "is_staff"]
    list_filter = [RoleListFilter, "is_active", "is_staff", "is_superuser"]
    list_select_related = ["focal_point__country"]
    actions = ["send_password_reset", "deactivate"]
    add_fieldsets = [
        (
            None,
            {
                "fields": [
                    "username",
                    ("first_name", "last_name"),
                    "email",
                    "role",
                    "country",
                    "send_reset_link",
                ]
            },
        )
    ]
    managed_fieldsets = [
        (None, {"fields": ["username"]}),
        (_("Personal info"), {"fields": [("first_name", "last_name"), "email"]}),
        (_("Role"), {"fields": ["role", "country", "is_active"]}),
        (_("Important dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    superuser_fieldsets = [
        (None, {"fields": ["username", "password"]}),
        (_("Personal info"), {"fields": [("first_name", "last_name"), "email"]}),
        (_("Role"), {"fields": ["role", "country", "is_active"]}),
        (
            _("Superuser only"),
            {"fields": ["is_staff", "is_superuser", "groups", "user_permissions"]},
        ),
        (_("Important dates"), {"fields": ["last_login", "date_joined"]}),
    ]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .prefetch_related(
                Prefetch(
                    "groups",
                    queryset=Group.objects.filter(name__in=roles.ROLE_CHOICES.values()),
                    to_attr="role_groups",
                )
            )
        )

    def get_fieldsets(self, request, obj=None):
        if obj is None:
            return self.add_fieldsets
        return self.superuser_fieldsets if request.user.is_superuser else self.managed_fieldsets

    def get_readonly_fields(self, request, obj=None):
        return ["last_login", "date_joined"] if obj is not None else []

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "groups":
            # The four roles are set with the role field; here only the other groups.
            kwargs["queryset"] = Group.objects.exclude(name__in=roles.ROLE_CHOICES.values())
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    @staticmethod
    def may_manage(request, user):
        """Only a superuser touches a superuser or staff account (the Secretariat's own too)."""
        return request.user.is_superuser or not (user.is_superuser or user.is_staff)

    def has_change_permission(self, request, obj=None):
        if obj is not None and not self.may_manage(request, obj):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and not self.may_manage(request, obj):
            return False
        return super().has_delete_permission(request, obj)

    def user_change_password(self, request, id, form_url=""):
        # Nobody but a superuser types a password for someone else: the Secretariat sends a
        # reset link, and the person chooses their own.
        if not request.user.is_superuser:
            raise PermissionDenied
        return super().user_change_password(request, id, form_url)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        user = form.instance
        user_role_set(
            user=user,
            role=form.cleaned_data.get("role", ""),
            country=form.cleaned_data.get("country"),
        )
        if not change and form.cleaned_data.get("send_reset_link"):
            self._send_reset(request, [user])

    @admin.display(description=_("name"))
    def full_name(self, obj):
        return obj.get_full_name()

    @admin.display(description=_("role"))
    def role(self, obj):
        return ", ".join(str(roles.ROLE_LABELS[group.name]) for group in obj.role_groups)

    @admin.display(description=_("country"), ordering="focal_point__country__name")
    def country(self, obj):
        focal_point = getattr(obj, "focal_point", None)
        return focal_point.country.iso2 if focal_point else ""

    def _managed(self, request, queryset):
        users = list(queryset)
        allowed = [user for user in users if self.may_manage(request, user)]
        refused = len(users) - len(allowed)
        if refused:
            self.message_user(
                request,
                ngettext(
                    "%(count)d superuser or staff login was left unchanged: only a superuser "
                    "manages those.",
                    "%(count)d superuser or staff logins were left unchanged: only a superuser "
                    "manages those.",
                    refused,
                )
                % {"count": refused},
                messages.WARNING,
            )
        return allowed

    def _send_reset(self, request, users):
        sent, skipped = 0, 0
        for user in users:
            if user_password_reset_send(
                user=user, domain=request.get_host(), use_https=request.is_secure()
            ):
                sent += 1
            else:
                skipped += 1
        if sent:
            self.message_user(
                request,
                ngettext(
                    "A password-reset link was sent to %(count)d login.",
                    "A password-reset link was sent to %(count)d logins.",
                    sent,
                )
                % {"count": sent},
                messages.SUCCESS,
            )
        if skipped:
            self.message_user(
                request,
                ngettext(
                    "%(count)d login has no e-mail address or is deactivated: no link was sent.",
                    "%(count)d logins have no e-mail address or are deactivated: no link was sent.",
                    skipped,
                )
                % {"count": skipped},
                messages.WARNING,
            )

    @admin.action(description=_("Send a password-reset link"), permissions=["change"])
    def send_password_reset(self, request, queryset):
        self._send_reset(request, self._managed(request, queryset))

    @admin.action(description=_("Deactivate the selected logins"), permissions=["change"])
    def deactivate(self, request, queryset):
        users = [user for user in self._managed(request, queryset) if user.pk != request.user.pk]
        for user in users:
            user_deactivate(user=user)
        self.message_user(
            request,
            ngettext(
                "%(count)d login was deactivated.", "%(count)d logins were deactivated.", len(users)
            )
            % {"count": len(users)},
            messages.SUCCESS,
        )
