from django.urls import path

from needs import training_views, views
from workplan.page_cache import page_cached

app_name = "needs"

urlpatterns = [
    path("", views.MyCountryView.as_view(), name="my-country"),
    path(
        "rounds/<int:round_pk>/response/",
        page_cached(views.ResponseEditView.as_view()),
        name="response-edit",
    ),
    path("responses/<int:pk>/", views.ResponseDetailView.as_view(), name="response-detail"),
    path(
        "responses/<int:pk>/reopen/",
        views.response_request_reopen,
        name="response-request-reopen",
    ),
    path(
        "rounds/<int:round_pk>/attachments/",
        views.attachment_add,
        name="attachment-add",
    ),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment-download"),
    path("attachments/<int:pk>/delete/", views.attachment_delete, name="attachment-delete"),
    path("responses/<int:pk>/return/", views.response_return, name="response-return"),
    path("rounds/", views.RoundListView.as_view(), name="round-list"),
    path("rounds/<int:pk>/status/", views.RoundStatusView.as_view(), name="round-status"),
    path("rounds/<int:pk>/remind/", views.round_remind, name="round-remind"),
    path(
        "rounds/<int:pk>/analysis/",
        page_cached(views.RoundAnalysisView.as_view()),
        name="round-analysis",
    ),
    path("trainings/", training_views.TrainingCalendarView.as_view(), name="training-calendar"),
    path(
        "trainings/<int:pk>/", training_views.TrainingDetailView.as_view(), name="training-detail"
    ),
    path(
        "trainings/<int:pk>/nominate/",
        training_views.nomination_create,
        name="nomination-create",
    ),
    path(
        "nominations/<int:pk>/decide/",
        training_views.nomination_decide,
        name="nomination-decide",
    ),
    path(
        "rounds/<int:pk>/programme/",
        training_views.programme_from_needs,
        name="programme-from-needs",
    ),
    path(
        "rounds/<int:pk>/export/<slug:kind>.<slug:fmt>",
        views.round_export,
        name="round-export",
    ),
]
