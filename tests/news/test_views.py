import json
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from news.models import Post
from tests.factories import CategoryFactory, PostFactory, StaffFactory, UserFactory
from tests.html import parse

pytestmark = pytest.mark.django_db

WARSAW = ZoneInfo("Europe/Warsaw")


def card_titles(response):
    return [
        a.text
        for h in parse(response.content).find_all("article", class_="post-card")
        for a in h.find_all("a")
    ]


def test_post_list_shows_published_posts_newest_first(client):
    older = PostFactory(title="Starszy wpis")
    newer = PostFactory(title="Nowszy wpis")
    PostFactory(title="Szkic", status=Post.Status.DRAFT)
    PostFactory(title="Zaplanowany", published_at=timezone.now() + timedelta(days=1))

    response = client.get("/aktualnosci/")

    assert response.status_code == 200
    assert card_titles(response) == [newer.title, older.title]


def test_post_list_empty_says_so(client):
    response = client.get("/aktualnosci/")

    assert parse(response.content).find("main").find_all("p")[-1].text == (
        "Nie ma jeszcze aktualności."
    )


def test_post_list_paginates_by_the_page_size(client, settings):
    settings.NEWS_PAGE_SIZE = 2
    posts = [PostFactory(title=f"Wpis {n}") for n in range(5)]

    page_two = client.get("/aktualnosci/?page=2")
    page_three = client.get("/aktualnosci/?page=3")

    assert card_titles(page_two) == ["Wpis 2", "Wpis 1"]
    assert card_titles(page_three) == [posts[0].title]
    pagination = parse(page_two.content).find("nav", aria_label="Strony")
    assert [(a.attrs["href"], a.text) for a in pagination.find_all("a")] == [
        ("?page=1", "Poprzednia strona"),
        ("?page=3", "Następna strona"),
    ]
    assert pagination.find("span", aria_current="page").text == "Strona 2 z 3"


@pytest.mark.parametrize(
    "page", ["abc", "0", "-1", "4", "99999999999999999999", "%00", "%FF", "1%00"]
)
def test_post_list_bad_page_number_is_404_in_the_layout(client, settings, page):
    settings.NEWS_PAGE_SIZE = 2
    PostFactory.create_batch(5)

    response = client.get(f"/aktualnosci/?page={page}")

    assert response.status_code == 404
    assert parse(response.content).find("h1").text == "Nie znaleziono strony"


def test_post_list_last_page_alias_works(client, settings):
    settings.NEWS_PAGE_SIZE = 2
    first = PostFactory(title="Pierwszy")
    PostFactory.create_batch(2)

    response = client.get("/aktualnosci/?page=last")

    assert card_titles(response) == [first.title]


def test_post_list_ignores_other_query_parameters_even_with_nul_or_invalid_utf8(client):
    post = PostFactory()

    response = client.get("/aktualnosci/?q=%00%FF&x=%FF%FE")

    assert (response.status_code, card_titles(response)) == (200, [post.title])


def test_category_list_shows_only_its_published_posts(client):
    grants = CategoryFactory(name="Dotacje", slug="dotacje")
    in_grants = PostFactory(title="Nabór wniosków", categories=[grants])
    PostFactory(title="Szkic w kategorii", categories=[grants], status=Post.Status.DRAFT)
    PostFactory(title="Inny wpis")

    response = client.get("/aktualnosci/kategoria/dotacje/")

    page = parse(response.content)
    assert card_titles(response) == [in_grants.title]
    assert page.find("h1").text == "Aktualności: Dotacje"
    assert page.find("title").text == "Dotacje – Aktualności – KOWES"
    current = page.find("nav", aria_label="Kategorie").find("a", aria_current="page")
    assert (current.attrs["href"], current.text) == ("/aktualnosci/kategoria/dotacje/", "Dotacje")


def test_category_list_unknown_slug_is_404(client):
    response = client.get("/aktualnosci/kategoria/nie-ma-takiej/")

    assert response.status_code == 404


def test_post_detail_shows_the_post_with_its_polish_date_and_categories(client):
    projekt = CategoryFactory(name="Projekt", slug="projekt")
    post = PostFactory(
        title="Projekt rozpoczęty",
        slug="projekt-rozpoczety",
        lead="Zaczynamy.",
        body="Pierwszy akapit.\n\n- punkt",
        published_at=datetime(2013, 1, 4, 10, 0, tzinfo=WARSAW),
        categories=[projekt],
    )

    response = client.get("/aktualnosci/projekt-rozpoczety/")

    article = parse(response.content).find("article", class_="post")
    assert article.find("h1").text == post.title
    time = article.find("time")
    assert (time.attrs["datetime"], time.text) == ("2013-01-04T10:00:00+01:00", "4 stycznia 2013")
    assert [
        (a.attrs["href"], a.text) for a in article.find("p", class_="post-meta").find_all("a")
    ] == [("/aktualnosci/kategoria/projekt/", "Projekt")]
    assert article.find("div", class_="post-body").text == "Pierwszy akapit. punkt"
    assert article.find_all("p", class_="alert") == []


def test_post_detail_links_previous_and_next_posts(client):
    first = PostFactory(title="Pierwszy")
    second = PostFactory(title="Drugi")
    third = PostFactory(title="Trzeci")

    response = client.get(second.get_absolute_url())

    nav = parse(response.content).find("nav", class_="post-nav")
    assert [(a.attrs["rel"], a.attrs["href"], a.text) for a in nav.find_all("a")] == [
        ("prev", first.get_absolute_url(), "Poprzedni Pierwszy"),
        ("next", third.get_absolute_url(), "Następny Trzeci"),
    ]


def test_post_detail_unknown_slug_is_404(client):
    assert client.get("/aktualnosci/nie-ma-takiego-wpisu/").status_code == 404


@pytest.mark.parametrize(
    "post_kwargs",
    [
        {"status": Post.Status.DRAFT},
        {"published_at": timezone.now() + timedelta(days=1)},
    ],
    ids=["draft", "scheduled"],
)
def test_post_detail_not_public_is_404_for_visitors_and_non_staff_users(client, post_kwargs):
    post = PostFactory(**post_kwargs)

    anonymous = client.get(post.get_absolute_url())
    client.force_login(UserFactory())
    logged_in = client.get(post.get_absolute_url())

    assert (anonymous.status_code, logged_in.status_code) == (404, 404)


@pytest.mark.parametrize(
    "post_kwargs",
    [
        {"status": Post.Status.DRAFT},
        {"published_at": timezone.now() + timedelta(days=1)},
    ],
    ids=["draft", "scheduled"],
)
def test_post_detail_not_public_is_previewed_by_staff(client, post_kwargs):
    post = PostFactory(title="Jeszcze nie teraz", **post_kwargs)
    client.force_login(StaffFactory())

    response = client.get(post.get_absolute_url())

    article = parse(response.content).find("article", class_="post")
    assert response.status_code == 200
    assert article.find("h1").text == post.title
    assert article.find("p", class_="alert").text == "Podgląd: ten wpis nie jest jeszcze publiczny."


def test_post_detail_has_open_graph_tags_and_news_article_json_ld(client):
    author = UserFactory(first_name="Anna", last_name="Kowalska")
    post = PostFactory(
        title="Konferencja w Koninie",
        slug="konferencja-w-koninie",
        lead="Zapraszamy na konferencję.",
        published_at=datetime(2014, 10, 21, 12, 0, tzinfo=WARSAW),
        author=author,
    )

    response = client.get("/aktualnosci/konferencja-w-koninie/?utm_source=x")

    head = parse(response.content).find("head")
    og = {
        m.attrs["property"]: m.attrs["content"]
        for m in head.find_all("meta")
        if "property" in m.attrs
    }
    url = "http://testserver/aktualnosci/konferencja-w-koninie/"
    assert og == {
        "og:type": "article",
        "og:title": "Konferencja w Koninie",
        "og:description": "Zapraszamy na konferencję.",
        "og:url": url,
        "og:site_name": "KOWES",
        "og:locale": "pl_PL",
        "article:published_time": "2014-10-21T12:00:00+02:00",
    }
    assert head.find("link", rel="canonical").attrs["href"] == url
    data = json.loads(head.find("script", type="application/ld+json").text)
    post.refresh_from_db()
    assert data == {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": "Konferencja w Koninie",
        "description": "Zapraszamy na konferencję.",
        "datePublished": "2014-10-21T12:00:00+02:00",
        "dateModified": timezone.localtime(post.updated_at).isoformat(),
        "mainEntityOfPage": url,
        "inLanguage": "pl",
        "publisher": {
            "@type": "Organization",
            "name": "Koniński Ośrodek Wsparcia Ekonomii Społecznej",
            "url": "http://testserver/",
        },
        "author": {"@type": "Person", "name": "Anna Kowalska"},
    }


def test_post_detail_json_ld_cannot_be_closed_by_a_title(client):
    post = PostFactory(title="</script><script>alert(1)</script>")

    response = client.get(post.get_absolute_url())

    scripts = parse(response.content).find("head").find_all("script")
    assert [s.attrs["type"] for s in scripts] == ["application/ld+json"]
    assert json.loads(scripts[0].text)["headline"] == post.title


@pytest.mark.parametrize(
    ("body", "forbidden"),
    [
        ("Przed <script>alert('x')</script> po", "<script>alert"),
        ('<img src="x" onerror="alert(1)">', "onerror"),
        ("[kliknij](javascript:alert(1))", "javascript:"),
        ('<a href="javascript:alert(1)">kliknij</a>', "javascript:"),
        ('<p style="position:fixed">x</p>', "position:fixed"),
        ("<iframe src=https://example.org></iframe>", "<iframe"),
    ],
)
def test_post_detail_body_never_passes_unsafe_html(client, body, forbidden):
    post = PostFactory(body=body)

    response = client.get(post.get_absolute_url())

    assert response.status_code == 200
    assert forbidden not in response.content.decode()


def test_post_detail_body_markdown_keeps_safe_formatting(client):
    post = PostFactory(body="**ważne** i [link](https://example.org)\n\n1. raz\n2. dwa")

    response = client.get(post.get_absolute_url())

    body = parse(response.content).find("div", class_="post-body")
    assert body.find("strong").text == "ważne"
    link = body.find("a")
    assert (link.attrs["href"], link.attrs["rel"], link.text) == (
        "https://example.org",
        "noopener noreferrer",
        "link",
    )
    assert [li.text for li in body.find("ol").find_all("li")] == ["raz", "dwa"]


def test_post_detail_in_english_shows_english_interface(client):
    post = PostFactory(title="Szkolenie")
    PostFactory(title="Następne szkolenie")

    response = client.get(f"/en{post.get_absolute_url()}")

    page = parse(response.content)
    assert page.find("html").attrs["lang"] == "en"
    assert page.find("p", class_="section-label").text == "News"
    assert [a.text for a in page.find("nav", class_="post-nav").find_all("a")] == [
        "Next Następne szkolenie"
    ]
    assert (
        page.find("nav", class_="post-nav").find("a").attrs["href"].startswith("/en/aktualnosci/")
    )


# Query counts: what each page costs does not grow with the number of posts.
# home: latest posts, the indicators summary (current project, its totals), funding logos.
# list: count, page of posts, their categories, the category menu, funding logos.
# post: the post, its categories, previous, next, funding logos.
QUERY_COUNTS = {"/": 4, "/aktualnosci/": 5, "post": 5}


@pytest.mark.parametrize("number_of_posts", [1, 30])
@pytest.mark.parametrize("address", QUERY_COUNTS)
def test_public_news_pages_query_count_does_not_grow_with_posts(
    client, django_assert_num_queries, address, number_of_posts
):
    categories = CategoryFactory.create_batch(3)
    posts = [PostFactory(categories=categories) for _ in range(number_of_posts)]
    path = posts[len(posts) // 2].get_absolute_url() if address == "post" else address

    with django_assert_num_queries(QUERY_COUNTS[address]):
        response = client.get(path)

    assert response.status_code == 200


def test_category_list_query_count_does_not_grow_with_posts(client, django_assert_num_queries):
    category = CategoryFactory(slug="szkolenia")
    counts = []
    for batch in (1, 30):
        PostFactory.create_batch(batch, categories=[category])
        with django_assert_num_queries(6) as captured:
            client.get("/aktualnosci/kategoria/szkolenia/")
        counts.append(len(captured))

    assert counts == [6, 6]
