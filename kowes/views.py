from django.http import HttpResponse, HttpResponseServerError
from django.template import loader
from django.urls import reverse
from django.views.decorators.cache import cache_control
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
    (which query it), so it shows even when PostgreSQL is down."""
    try:
        context = navigation(request)
    except Exception:  # the error page itself must never fail
        context = {}
    template = loader.get_template("500.html")
    return HttpResponseServerError(template.render(context))
