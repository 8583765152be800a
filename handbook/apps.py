from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HandbookConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "handbook"
    verbose_name = _("CMS Handbook")

    def ready(self):
        # The dashboard and the report show the handbook at a glance without importing it.
        from handbook import selectors
        from workplan import panels

        panels.register("handbook", selectors.dashboard_figures)
