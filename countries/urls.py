from django.urls import path

from countries import views

app_name = "countries"

urlpatterns = [
    path("<str:iso2>/", views.CountryProfileView.as_view(), name="profile"),
]
