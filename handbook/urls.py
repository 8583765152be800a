from django.urls import path

from handbook import views

app_name = "handbook"

urlpatterns = [
    path("", views.HandbookHomeView.as_view(), name="home"),
    path("editions/<int:pk>/", views.EditionDetailView.as_view(), name="edition-detail"),
    path("suggestions/", views.SuggestionListView.as_view(), name="suggestion-list"),
    path("suggestions/new/", views.SuggestionCreateView.as_view(), name="suggestion-create"),
    path("suggestions/<int:pk>/", views.SuggestionDetailView.as_view(), name="suggestion-detail"),
]
