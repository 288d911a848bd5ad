from django.contrib.sitemaps import Sitemap

from entities.models import Entity


class EntitySitemap(Sitemap):
    """Public entities only: a private entity's address is never listed."""

    changefreq = "monthly"
    limit = 5000

    def items(self):
        return Entity.objects.public().order_by("pk").only("slug", "updated_at")

    def lastmod(self, item):
        return item.updated_at
