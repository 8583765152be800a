from django.urls import path

from evaluation import views
from workplan.page_cache import page_cached

app_name = "evaluation"

QUESTIONNAIRE = "questionnaires/<int:pk>/"

urlpatterns = [
    path("", views.QuestionnaireListView.as_view(), name="questionnaire-list"),
    path(QUESTIONNAIRE, views.AnswerView.as_view(), name="questionnaire-answer"),
    path(
        f"{QUESTIONNAIRE}results/",
        page_cached(views.ResultsView.as_view()),
        name="questionnaire-results",
    ),
    path(
        f"{QUESTIONNAIRE}answers.<fmt>",
        views.ResultsExportView.as_view(),
        name="questionnaire-export",
    ),
    path("answers.csv", views.AnswersExportView.as_view(), name="answers-export"),
    path("responses/<int:pk>/", views.ResponseDetailView.as_view(), name="response-detail"),
    path("invitation/<str:token>/", views.InvitationAnswerView.as_view(), name="invitation-answer"),
    path("dashboard/", page_cached(views.DashboardView.as_view()), name="dashboard"),
    path("report/", page_cached(views.ReportView.as_view()), name="report"),
    path("report.pdf", views.ReportPdfView.as_view(), name="report-pdf"),
    path(
        "dashboard/charts/<slug:key>.<str:fmt>",
        views.ChartDownloadView.as_view(),
        name="chart-download",
    ),
    path("report.xlsx", views.ReportXlsxView.as_view(), name="report-xlsx"),
    path("indicators/<slug:slug>/", views.IndicatorListView.as_view(), name="indicator-list"),
    path("iati/<slug:slug>.xml", views.IatiExportView.as_view(), name="iati-export"),
]
