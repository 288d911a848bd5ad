from django.views.generic import DetailView

from pages.models import Page


class PageDetailView(DetailView):
    model = Page
