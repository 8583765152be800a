from django.urls import path

from workplan import views

app_name = "workplan"

urlpatterns = [
    path("", views.WorkPlanDetailView.as_view(), name="home"),
    path("workplans/", views.WorkPlanListView.as_view(), name="workplan-list"),
    path("workplans/<slug:slug>/", views.WorkPlanDetailView.as_view(), name="workplan-detail"),
    path(
        "workplans/<slug:slug>/activities/<str:code>/",
        views.ActivityDetailView.as_view(),
        name="activity-detail",
    ),
]
