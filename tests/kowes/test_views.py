import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from django.test import Client, RequestFactory
from django.utils import timezone

from kowes.views import HOME_POSTS, server_error
from news.models import Post
from pages.models import FundingLogo
from tests.factories import CategoryFactory, PostFactory
from tests.html import parse

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
STARTING_PAGES = ["o-projekcie", "kontakt", "polityka-prywatnosci", "deklaracja-dostepnosci"]


@pytest.mark.django_db
def test_home_page_shows_the_newest_published_posts(client):
    posts = [PostFactory(title=f"Wpis {n}") for n in range(HOME_POSTS + 2)]
    PostFactory(title="Szkic", status=Post.Status.DRAFT)
    PostFactory(title="Jutro", published_at=timezone.now() + timedelta(days=1))

    response = client.get("/")

    section = parse(response.content).find("section", aria_labelledby="news-heading")
    assert [h.text for h in section.find_all("h3")] == [
        post.title for post in reversed(posts[-HOME_POSTS:])
    ]
    assert section.find_all("a")[-1].attrs["href"] == "/aktualnosci/"


@pytest.mark.django_db
def test_home_page_without_posts_says_so(client):
    response = client.get("/")

    section = parse(response.content).find("section", aria_labelledby="news-heading")
    assert section.find_all("p")[0].text == "Nie ma jeszcze aktualności."


def test_robots_txt_names_the_sitemap_and_keeps_robots_out_of_the_admin(client):
    response = client.get("/robots.txt")

    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content.decode() == (
        "User-agent: *\n"
        "Disallow: /admin/\n"
        "Disallow: /en/admin/\n"
        "Sitemap: http://testserver/sitemap.xml\n"
    )


def sitemap_urls(client):
    index = ET.fromstring(client.get("/sitemap.xml").content)
    urls = []
    for location in index.iter(f"{SITEMAP}loc"):
        section = client.get(location.text.removeprefix("http://testserver"))
        assert section.status_code == 200
        urls += [loc.text for loc in ET.fromstring(section.content).iter(f"{SITEMAP}loc")]
    return urls


@pytest.mark.django_db
def test_sitemap_lists_every_public_address_in_both_languages_and_no_hidden_post(client):
    category = CategoryFactory(slug="szkolenia")
    post = PostFactory(slug="szkolenie", categories=[category])
    PostFactory(slug="szkic", status=Post.Status.DRAFT)
    PostFactory(slug="jutro", published_at=timezone.now() + timedelta(days=1))

    urls = sitemap_urls(client)

    paths = ["/", "/aktualnosci/", "/aktualnosci/szkolenie/", "/aktualnosci/kategoria/szkolenia/"]
    paths += ["/podmioty/", "/dane-otwarte/", "/wskazniki/"]
    paths += ["/oferta/", "/zglos-potrzebe-wsparcia/"]
    paths += [f"/strony/{slug}/" for slug in STARTING_PAGES]
    expected = {f"http://testserver{p}" for p in paths}
    expected |= {f"http://testserver/en{p}" for p in paths}
    assert sorted(urls) == sorted(expected)
    assert post.get_absolute_url() == "/aktualnosci/szkolenie/"


@pytest.mark.django_db
def test_sitemap_addresses_all_answer_200(client):
    PostFactory(categories=[CategoryFactory()])

    for url in sitemap_urls(client):
        assert client.get(url.removeprefix("http://testserver")).status_code == 200, url


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["abc", "%00", "999"])
def test_sitemap_section_bad_page_is_404(client, page):
    assert client.get(f"/sitemap-news.xml?p={page}").status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("number_of_posts", [1, 40])
def test_sitemap_query_count_does_not_grow_with_posts(
    client, django_assert_num_queries, number_of_posts
):
    PostFactory.create_batch(number_of_posts)

    with django_assert_num_queries(1):
        client.get("/sitemap-news.xml")


def public_addresses():
    post = PostFactory(slug="wpis", categories=[CategoryFactory(slug="projekt")])
    PostFactory()
    return {
        "home": "/",
        "news list": "/aktualnosci/",
        "category": "/aktualnosci/kategoria/projekt/",
        "post": post.get_absolute_url(),
        **{f"page {slug}": f"/strony/{slug}/" for slug in STARTING_PAGES},
        "404": "/nie-ma-takiej-strony/",
    }


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["", "/en"])
def test_every_page_advertises_the_feeds_in_its_head(client, language):
    for name, path in public_addresses().items():
        head = parse(client.get(f"{language}{path}").content).find("head")

        feeds = [
            (link.attrs["type"], link.attrs["href"])
            for link in head.find_all("link", rel="alternate")
            if "type" in link.attrs
        ]
        assert feeds == [
            ("application/rss+xml", f"{language}/aktualnosci/rss/"),
            ("application/atom+xml", f"{language}/aktualnosci/atom/"),
        ], name


@pytest.mark.django_db
def test_every_page_links_to_the_same_page_in_the_other_language(client):
    for name, path in public_addresses().items():
        if name == "404":
            continue
        polish = parse(client.get(f"{path}?page=1").content)
        english = parse(client.get(f"/en{path}").content)

        to_english = polish.find("ul", class_="language-switch").find("a")
        to_polish = english.find("ul", class_="language-switch").find("a")
        assert (to_english.attrs["href"], to_english.attrs["lang"], to_english.text) == (
            f"/en{path}?page=1",
            "en",
            "English",
        ), name
        assert (to_polish.attrs["href"], to_polish.attrs["lang"], to_polish.text) == (
            path,
            "pl",
            "Polski",
        ), name


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "other_language_home"), [("/nie-ma/", "/en/"), ("/en/nie-ma/", "/")]
)
def test_404_page_language_switch_leads_to_the_other_home_page(client, path, other_language_home):
    response = client.get(path)

    link = parse(response.content).find("ul", class_="language-switch").find("a")
    assert (response.status_code, link.attrs["href"]) == (404, other_language_home)


@pytest.mark.django_db
def test_english_pages_show_the_english_interface(client):
    response = client.get("/en/")

    page = parse(response.content)
    assert page.find("html").attrs["lang"] == "en"
    assert page.find("a", class_="skip-link").text == "Skip to main content"
    nav = page.find("nav", aria_label="Main navigation")
    assert [(a.attrs["href"], a.text) for a in nav.find_all("a")] == [
        ("/en/", "Home"),
        ("/en/aktualnosci/", "News"),
        ("/en/podmioty/", "Entity directory"),
        ("/en/wskazniki/", "Indicators"),
        ("/en/oferta/", "Offer"),
        ("/en/strony/o-projekcie/", "About the project"),
        ("/en/strony/kontakt/", "Contact"),
    ]
    assert page.find("h2", id="news-heading").text == "Latest news"
    footer_nav = page.find("footer").find("nav")
    assert [a.text for a in footer_nav.find_all("a")] == [
        "About the project",
        "Contact",
        "Privacy policy",
        "Accessibility statement",
        "RSS feed",
    ]


@pytest.mark.django_db
def test_polish_pages_show_the_polish_interface(client):
    page = parse(client.get("/").content)

    assert page.find("html").attrs["lang"] == "pl"
    nav = page.find("nav", aria_label="Nawigacja główna")
    assert [(a.text, a.attrs.get("aria-current")) for a in nav.find_all("a")] == [
        ("Strona główna", "page"),
        ("Aktualności", None),
        ("Baza PES", None),
        ("Wskaźniki", None),
        ("Oferta", None),
        ("O projekcie", None),
        ("Kontakt", None),
    ]
    assert page.find("a", class_="skip-link").attrs["href"] == "#content"
    assert page.find("main").attrs["id"] == "content"


@pytest.mark.django_db
def test_footer_shows_placeholder_logos_until_staff_upload_the_real_ones(client):
    placeholder = parse(client.get("/").content).find("div", class_="funding-logos")
    FundingLogo.objects.create(
        name="UE", image="logos/ue.svg", alt_text="Unia Europejska", url="https://ec.europa.eu/"
    )
    uploaded = parse(client.get("/").content).find("div", class_="funding-logos")

    assert [img.attrs["alt"] for img in placeholder.find_all("img")] == [
        "Fundusze Europejskie",
        "Rzeczpospolita Polska",
        "Unia Europejska – Europejski Fundusz Społeczny",
    ]
    assert [(a.attrs["href"], a.find("img").attrs["alt"]) for a in uploaded.find_all("a")] == [
        ("https://ec.europa.eu/", "Unia Europejska")
    ]


@pytest.mark.django_db
def test_404_page_is_in_the_site_layout(client):
    response = client.get("/nie-ma-takiej-strony/")

    page = parse(response.content)
    assert response.status_code == 404
    assert page.find("h1").text == "Nie znaleziono strony"
    assert page.find("title").text == "Nie znaleziono strony – KOWES"
    assert len(page.find_all("nav", aria_label="Nawigacja główna")) == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    [
        "/" + "a" * 3000,
        "/aktualnosci/" + "a" * 3000 + "/",
        "/aktualnosci/kategoria/" + "b" * 3000 + "/",
        "/strony/" + "c" * 3000 + "/",
        "/aktualnosci/%00/",
        "/aktualnosci/%FF/",
        "/strony/%00%FF/",
        "/en/aktualnosci/nie-ma/",
    ],
)
def test_bad_paths_are_404_pages_never_500(client, path):
    response = client.get(path)

    assert response.status_code == 404
    assert parse(response.content).find("h1").text in ("Nie znaleziono strony", "Page not found")


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["q=%00", "page=1&x=%FF", "%FF%FE=%00", "a=" + "x" * 3000])
def test_bad_query_strings_give_clean_pages(client, query):
    addresses = public_addresses()
    addresses.pop("404")
    addresses.update(rss="/aktualnosci/rss/", atom="/aktualnosci/atom/", robots="/robots.txt")
    addresses.update(sitemap="/sitemap.xml", sitemap_news="/sitemap-news.xml")

    statuses = {name: client.get(f"{path}?{query}").status_code for name, path in addresses.items()}

    assert statuses == dict.fromkeys(addresses, 200)


def test_server_error_handler_renders_without_the_database():
    # No django_db mark: any query here would fail the test.
    request = RequestFactory().get("/aktualnosci/")

    response = server_error(request)

    page = parse(response.content)
    assert response.status_code == 500
    assert page.find("h1").text == "Coś poszło nie tak po naszej stronie"
    assert [a.text for a in page.find("nav", aria_label="Nawigacja główna").find_all("a")] == [
        "Strona główna",
        "Aktualności",
        "Baza PES",
        "Wskaźniki",
        "Oferta",
        "O projekcie",
        "Kontakt",
    ]
    assert len(page.find("div", class_="funding-logos").find_all("img")) == 3


def test_500_page_shows_when_the_database_is_unreachable():
    # No django_db mark: the database is blocked, as if PostgreSQL were down.
    client = Client(raise_request_exception=False)

    response = client.get("/")

    assert response.status_code == 500
    assert parse(response.content).find("h1").text == "Coś poszło nie tak po naszej stronie"
