from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def roles_apps():
    from workplan.roles import PROJECT_APPS

    return PROJECT_APPS


def _sync_roles(sender, using, **kwargs):
    from django.contrib.auth.models import Group, Permission

    from workplan.roles import sync_roles

    if sender.label in roles_apps():
        sync_roles(Group, Permission)


class WorkplanConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "workplan"
    verbose_name = _("Work plan")

    def ready(self):
        # After every migrate, models added by any app get their role permissions.
        post_migrate.connect(_sync_roles, dispatch_uid="workplan_sync_roles")

        from django.contrib.auth.signals import user_logged_in

        from workplan.security import stamp_session_at_login

        user_logged_in.connect(stamp_session_at_login, dispatch_uid="workplan_session_stamp")
        # The user's recorded language goes into the session at login.
        from workplan import i18n  # noqa: F401
        from workplan.cache import connect_signals

        connect_signals()
