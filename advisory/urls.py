from django.urls import path, register_converter

from advisory import views


class TokenConverter:
    """A token from ``secrets.token_urlsafe(32)``: anything else is not found, before any
    database lookup (NUL bytes included)."""

    regex = "[A-Za-z0-9_-]{43}"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(TokenConverter, "token")

app_name = "advisory"
urlpatterns = [
    path("oferta/", views.OfferView.as_view(), name="offer"),
    path(
        "zglos-potrzebe-wsparcia/", views.SupportRequestCreateView.as_view(), name="request-create"
    ),
    path(
        "zglos-potrzebe-wsparcia/wyslane/<token:token>/",
        views.SupportRequestSubmittedView.as_view(),
        name="request-submitted",
    ),
    path(
        "zgloszenia/<token:token>/",
        views.SupportRequestStatusView.as_view(),
        name="request-status",
    ),
    path("doradcy/kalendarz/<token:token>.ics", views.advisor_calendar, name="advisor-calendar"),
]
