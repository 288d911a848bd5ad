from django.contrib.syndication.views import Feed
from django.urls import reverse_lazy
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.translation import gettext_lazy as _

from news.models import Post

FEED_SIZE = 20


class LatestPostsFeed(Feed):
    title = _("KOWES news")
    link = reverse_lazy("news:post-list")
    description = _("News of the Konin Social Economy Support Centre")

    def items(self):
        return Post.objects.published().newest_first().select_related("author")[:FEED_SIZE]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        # Feed readers read a description as HTML: the plain-text lead is escaped for that.
        return escape(item.lead)

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_author_name(self, item):
        return str(item.author) if item.author else None


class LatestPostsAtomFeed(LatestPostsFeed):
    feed_type = Atom1Feed
    subtitle = LatestPostsFeed.description
