from django.urls import path

from workplan import views
from workplan.page_cache import page_cached

app_name = "workplan"

urlpatterns = [
    path("", page_cached(views.WorkPlanDetailView.as_view()), name="home"),
    path("workplans/", page_cached(views.WorkPlanListView.as_view()), name="workplan-list"),
    path(
        "workplans/<slug:slug>/",
        page_cached(views.WorkPlanDetailView.as_view()),
        name="workplan-detail",
    ),
    path(
        "workplans/<slug:slug>/activities/<str:code>/",
        page_cached(views.ActivityDetailView.as_view()),
        name="activity-detail",
    ),
]
