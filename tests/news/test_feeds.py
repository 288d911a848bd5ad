import xml.etree.ElementTree as ET
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from news.feeds import FEED_SIZE
from news.models import Post
from tests.factories import PostFactory, UserFactory

pytestmark = pytest.mark.django_db

WARSAW = ZoneInfo("Europe/Warsaw")
ATOM = "{http://www.w3.org/2005/Atom}"


def test_rss_feed_lists_published_posts_newest_first_with_exact_content(client):
    author = UserFactory(first_name="Anna", last_name="Kowalska", email="anna@example.org")
    PostFactory(
        title="Spotkanie w Kole",
        slug="spotkanie-w-kole",
        lead="Zapraszamy <wszystkich> & chętnych.",
        published_at=datetime(2013, 2, 12, 12, 0, tzinfo=WARSAW),
        author=author,
    )
    PostFactory(status=Post.Status.DRAFT)
    PostFactory(published_at=timezone.now() + timedelta(days=1))
    PostFactory(
        title="Szkolenie",
        slug="szkolenie",
        lead="Szkolenie dla grup.",
        published_at=datetime(2013, 3, 5, 10, 0, tzinfo=WARSAW),
    )

    response = client.get("/aktualnosci/rss/")

    assert response["Content-Type"] == "application/rss+xml; charset=utf-8"
    channel = ET.fromstring(response.content).find("channel")
    assert (
        channel.findtext("title"),
        channel.findtext("link"),
        channel.findtext("description"),
        channel.findtext("language"),
    ) == (
        "Aktualności KOWES",
        "http://testserver/aktualnosci/",
        "Aktualności Konińskiego Ośrodka Wsparcia Ekonomii Społecznej",
        "pl",
    )
    items = [{child.tag: child.text for child in item} for item in channel.findall("item")]
    assert items == [
        {
            "title": "Szkolenie",
            "link": "http://testserver/aktualnosci/szkolenie/",
            "description": "Szkolenie dla grup.",
            "pubDate": "Tue, 05 Mar 2013 09:00:00 +0000",
            "guid": "http://testserver/aktualnosci/szkolenie/",
        },
        {
            "title": "Spotkanie w Kole",
            "link": "http://testserver/aktualnosci/spotkanie-w-kole/",
            # Escaped once more: a reader shows the text, never runs it as HTML.
            "description": "Zapraszamy &lt;wszystkich&gt; &amp; chętnych.",
            "pubDate": "Tue, 12 Feb 2013 11:00:00 +0000",
            "guid": "http://testserver/aktualnosci/spotkanie-w-kole/",
            # The author's name only: their e-mail address is not published.
            "{http://purl.org/dc/elements/1.1/}creator": "Anna Kowalska",
        },
    ]


def test_atom_feed_lists_published_posts_with_exact_content(client):
    post = PostFactory(
        title="Konferencja",
        slug="konferencja",
        lead="Pierwsza konferencja.",
        published_at=datetime(2013, 10, 15, 12, 0, tzinfo=WARSAW),
    )
    PostFactory(status=Post.Status.DRAFT)

    response = client.get("/aktualnosci/atom/")

    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    feed = ET.fromstring(response.content)
    assert (feed.findtext(f"{ATOM}title"), feed.findtext(f"{ATOM}subtitle")) == (
        "Aktualności KOWES",
        "Aktualności Konińskiego Ośrodka Wsparcia Ekonomii Społecznej",
    )
    post.refresh_from_db()
    entries = [
        {
            "title": entry.findtext(f"{ATOM}title"),
            "link": entry.find(f"{ATOM}link").get("href"),
            "published": entry.findtext(f"{ATOM}published"),
            "updated": entry.findtext(f"{ATOM}updated"),
            "id": entry.findtext(f"{ATOM}id"),
            "summary": entry.findtext(f"{ATOM}summary"),
        }
        for entry in feed.findall(f"{ATOM}entry")
    ]
    assert entries == [
        {
            "title": "Konferencja",
            "link": "http://testserver/aktualnosci/konferencja/",
            "published": "2013-10-15T10:00:00+00:00",
            "updated": post.updated_at.isoformat(),
            "id": "http://testserver/aktualnosci/konferencja/",
            "summary": "Pierwsza konferencja.",
        }
    ]


def test_feed_in_english_has_english_title(client):
    response = client.get("/en/aktualnosci/rss/")

    channel = ET.fromstring(response.content).find("channel")
    assert (channel.findtext("title"), channel.findtext("language")) == ("KOWES news", "en")


def test_feed_holds_at_most_the_feed_size(client):
    PostFactory.create_batch(FEED_SIZE + 3)

    response = client.get("/aktualnosci/rss/")

    assert len(ET.fromstring(response.content).find("channel").findall("item")) == FEED_SIZE


@pytest.mark.parametrize("number_of_posts", [1, 30])
@pytest.mark.parametrize("address", ["/aktualnosci/rss/", "/aktualnosci/atom/"])
def test_feed_query_count_does_not_grow_with_posts(
    client, django_assert_num_queries, address, number_of_posts
):
    author = UserFactory()
    PostFactory.create_batch(number_of_posts, author=author)

    # The posts; and, first after a change, the next scheduled post (the feed's validators).
    with django_assert_num_queries(2):
        response = client.get(address)

    assert response.status_code == 200
