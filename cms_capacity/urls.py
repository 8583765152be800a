from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import DefaultRouter

from evaluation.api import DashboardAPIView
from workplan import api as workplan_api
from workplan.accounts import RateLimitedPasswordResetView
from workplan.i18n import language_choose
from workplan.views import healthz

router = DefaultRouter()
router.register("workplans", workplan_api.WorkPlanViewSet, basename="workplan")
router.register("activities", workplan_api.ActivityViewSet, basename="activity")

admin.site.site_header = _("CMS Capacity Building")
admin.site.site_title = _("CMS Capacity Building")
admin.site.index_title = _("Secretariat administration")

urlpatterns = [
    path("admin/", admin.site.urls),
    # Ahead of Django's own: the same view, rate-limited (workplan.accounts).
    path(
        "accounts/password_reset/",
        RateLimitedPasswordResetView.as_view(),
        name="password_reset",
    ),
    path("accounts/", include("django.contrib.auth.urls")),
    path("i18n/setlang/", login_not_required(language_choose), name="set_language"),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/dashboard/<slug:slug>/", DashboardAPIView.as_view(), name="api-dashboard"),
    path("api/", include(router.urls)),
    path("healthz", healthz, name="healthz"),
    path("needs/", include("needs.urls")),
    path("handbook/", include("handbook.urls")),
    path("evaluation/", include("evaluation.urls")),
    path("countries/", include("countries.urls")),
    path("", include("workplan.urls")),
]

handler404 = "workplan.views.page_not_found"
