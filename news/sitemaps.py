from django.contrib.sitemaps import Sitemap

from news.models import Category, Post


class PostSitemap(Sitemap):
    changefreq = "monthly"
    limit = 5000
    # Every post also has an English address (English layout, Polish text).
    i18n = True
    alternates = True

    def items(self):
        return Post.objects.published().newest_first().only("slug", "updated_at")

    def lastmod(self, item):
        return item.updated_at


class CategorySitemap(Sitemap):
    changefreq = "weekly"
    i18n = True
    alternates = True

    def items(self):
        return Category.objects.all()
