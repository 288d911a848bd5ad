from django.conf import settings
from django.urls import reverse, translate_url
from django.utils.translation import get_language, get_language_info, override
from django.utils.translation import gettext_lazy as _

from pages.models import FundingLogo

# The main navigation: (label, URL name, URL kwargs, the section it marks as current).
# A section is the URL namespace of the page shown, the URL name for un-namespaced ones, or
# namespace:name for single pages (see _current_section).
NAVIGATION = [
    (_("Home"), "home", {}, "home"),
    (_("News"), "news:post-list", {}, "news"),
    (_("Entity directory"), "entities:entity-list", {}, "entities"),
    (_("Indicators"), "projects:indicators", {}, "projects"),
    (_("Offer"), "advisory:offer", {}, "advisory:offer"),
    (_("About the project"), "pages:page-detail", {"slug": "o-projekcie"}, "pages:o-projekcie"),
    (_("Contact"), "pages:page-detail", {"slug": "kontakt"}, "pages:kontakt"),
]


def _current_section(request) -> str:
    """The NAVIGATION key of this page: its URL namespace for a whole section (the news),
    a single page for pages and advisory (the offer is current on the offer, not the form)."""
    match = getattr(request, "resolver_match", None)
    if match is None:
        return ""
    if match.namespace == "pages":
        return f"pages:{match.kwargs.get('slug', '')}"
    if match.namespace == "advisory":
        return f"advisory:{match.url_name}"
    return match.namespace or match.url_name or ""


def _path_in_language(path: str, code: str) -> str:
    """The address of the same page in language ``code``; its home page if there is no page
    at ``path`` (a 404 page offers a way out, not the same missing page again)."""
    translated = translate_url(path, code)
    if translated != path:
        return translated
    with override(code):
        return reverse("home")


def navigation(request):
    """The main navigation and the links to the other languages: no database needed."""
    section = _current_section(request)
    nav_items = [
        {"label": label, "url": reverse(name, kwargs=kwargs), "current": key == section}
        for label, name, kwargs, key in NAVIGATION
    ]
    current = get_language()
    other_languages = [
        {
            "code": code,
            "name_local": get_language_info(code)["name_local"].capitalize(),
            "url": _path_in_language(request.get_full_path(), code),
        }
        for code, _name in settings.LANGUAGES
        if code != current
    ]
    return {"nav_items": nav_items, "other_languages": other_languages}


def site(request):
    """What every page's layout needs: navigation, the other languages, the funders' logos."""
    return {**navigation(request), "funding_logos": FundingLogo.objects.all()}
