import sys

from django.conf import settings
from django.core.cache import cache
from django.db import InterfaceError, OperationalError, connection
from django.http import HttpResponse, HttpResponseServerError, JsonResponse
from django.template import loader
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_GET
from django.views.generic import TemplateView

from kowes.context_processors import navigation
from news.models import Post

HOME_POSTS = 5


class HomeView(TemplateView):
    template_name = "home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["latest_posts"] = Post.objects.published().newest_first()[:HOME_POSTS]
        return context


@require_GET
@cache_control(max_age=86400, public=True)
def robots_txt(request):
    sitemap_url = request.build_absolute_uri(reverse("sitemap"))
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /en/admin/",
        f"Sitemap: {sitemap_url}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


def server_error(request):
    """The 500 page: rendered without the database and without the context processors
    (which query it), so it shows even when PostgreSQL is down. A database that cannot be
    reached (from middleware: views' errors get there through DatabaseUnavailableMiddleware)
    is a 503."""
    from kowes.middleware import database_unavailable

    if database_unavailable(sys.exception()):
        return service_unavailable(request)
    template = loader.get_template("500.html")
    return HttpResponseServerError(template.render(_error_page_context(request)))


def service_unavailable(request):
    """503 while the database cannot be reached: a page that needs neither the database nor a
    context processor, and a Retry-After. The site recovers by itself: each request tries
    the database again."""
    template = loader.get_template("503.html")
    response = HttpResponse(template.render(_error_page_context(request)), status=503)
    response["Retry-After"] = str(settings.DATABASE_UNAVAILABLE_RETRY_AFTER)
    add_never_cache_headers(response)
    return response


@never_cache
@require_GET
def healthz(request):
    """Liveness: the process answers. No database, no cache."""
    return HttpResponse("ok\n", content_type="text/plain; charset=utf-8")


@never_cache
@require_GET
def readyz(request):
    """Readiness: this app server can reach the database and the cache (503 if not)."""
    checks = {"database": _database_ok(), "cache": _cache_ok()}
    status = 200 if all(checks.values()) else 503
    return JsonResponse(
        {name: "ok" if ok else "unavailable" for name, ok in checks.items()}, status=status
    )


def _database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except (OperationalError, InterfaceError):
        return False


def _cache_ok() -> bool:
    try:
        cache.set("readyz", "ok", timeout=10)
        return cache.get("readyz") == "ok"
    except Exception:  # each cache backend raises its own connection errors
        return False


def _error_page_context(request) -> dict:
    """The layout's navigation for an error page (it needs no database)."""
    try:
        return navigation(request)
    except Exception:  # the error page itself must never fail
        return {}
