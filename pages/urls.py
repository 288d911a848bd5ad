from django.urls import path

from pages import views

app_name = "pages"
urlpatterns = [
    path("strony/<slug:slug>/", views.PageDetailView.as_view(), name="page-detail"),
]
