from django.urls import path

from entities import views

app_name = "entities"
urlpatterns = [
    path("podmioty/", views.EntityListView.as_view(), name="entity-list"),
    path("podmioty/eksport.csv", views.export_csv, name="export-csv"),
    path("podmioty/eksport.json", views.export_json, name="export-json"),
    path("podmioty/hsds.json", views.export_hsds, name="export-hsds"),
    path("podmioty/<slug:slug>/", views.EntityDetailView.as_view(), name="entity-detail"),
    path("dane-otwarte/", views.OpenDataView.as_view(), name="open-data"),
]
