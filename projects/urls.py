from django.urls import path

from projects import views

app_name = "projects"
urlpatterns = [
    path("wskazniki/", views.IndicatorsView.as_view(), name="indicators"),
    path("wskazniki/<slug:slug>/", views.IndicatorsView.as_view(), name="project-indicators"),
]
