from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from entities.sitemaps import EntitySitemap
from news.sitemaps import CategorySitemap, PostSitemap
from pages.models import Page


class StaticViewSitemap(Sitemap):
    changefreq = "daily"
    i18n = True
    alternates = True
    x_default = True

    def items(self):
        return [
            "home",
            "news:post-list",
            "entities:entity-list",
            "entities:open-data",
            "projects:indicators",
            "advisory:offer",
            "advisory:request-create",
        ]

    def location(self, item):
        return reverse(item)


class PageSitemap(Sitemap):
    changefreq = "monthly"
    i18n = True
    alternates = True

    def items(self):
        return Page.objects.all()

    def lastmod(self, item):
        return item.updated_at


sitemaps = {
    "static": StaticViewSitemap,
    "pages": PageSitemap,
    "news": PostSitemap,
    "categories": CategorySitemap,
    "entities": EntitySitemap,
}
