from django.urls import path

from entities import views

app_name = "entities"
urlpatterns = [
    path("podmioty/<slug:slug>/", views.EntityDetailView.as_view(), name="entity-detail"),
]
