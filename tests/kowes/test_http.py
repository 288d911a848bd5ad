from django.http import HttpResponse
from django.views import View

from kowes.http import NeverCacheMixin


class ConfirmationView(NeverCacheMixin, View):
    def get(self, request):
        return HttpResponse("Zgłoszenie przyjęte")


def test_never_cache_mixin_forbids_storing_the_response(rf):
    response = ConfirmationView.as_view()(rf.get("/"))

    assert response.headers["Cache-Control"] == (
        "max-age=0, no-cache, no-store, must-revalidate, private"
    )
