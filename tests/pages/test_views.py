import pytest

from pages.models import Page
from tests.factories import PageFactory
from tests.html import parse

pytestmark = pytest.mark.django_db


def test_starting_pages_come_from_the_data_migration():
    assert sorted(Page.objects.values_list("slug", "title")) == [
        ("deklaracja-dostepnosci", "Deklaracja dostępności"),
        ("kontakt", "Kontakt"),
        ("o-projekcie", "O projekcie"),
        ("polityka-prywatnosci", "Polityka prywatności"),
    ]
    assert list(Page.Slug) == [
        "o-projekcie",
        "kontakt",
        "polityka-prywatnosci",
        "deklaracja-dostepnosci",
    ]


def test_about_page_states_the_goals_period_and_targets(client):
    body = parse(client.get("/strony/o-projekcie/").content).find("div", class_="page-body")

    assert [li.text for li in body.find_all("ul")[0].find_all("li")] == [
        "pomóc w utworzeniu 20 nowych podmiotów ekonomii społecznej, przede wszystkim "
        "spółdzielni socjalnych,",
        "wesprzeć 50 działających podmiotów ekonomii społecznej,",
        "tworzyć miejsca pracy dla osób zagrożonych wykluczeniem społecznym.",
    ]
    assert "od 1 stycznia 2013 roku do 30 czerwca 2015 roku" in body.text


@pytest.mark.parametrize(
    ("slug", "title", "first_heading"),
    [
        ("o-projekcie", "O projekcie", "Cele projektu"),
        ("kontakt", "Kontakt", "Biuro projektu"),
        ("polityka-prywatnosci", "Polityka prywatności", "Klauzula informacyjna (RODO)"),
        ("deklaracja-dostepnosci", "Deklaracja dostępności", "Stan dostępności cyfrowej"),
    ],
)
def test_starting_page_renders_in_the_layout(client, slug, title, first_heading):
    response = client.get(f"/strony/{slug}/")

    page = parse(response.content)
    assert response.status_code == 200
    assert page.find("title").text == f"{title} – KOWES"
    assert page.find("h1").text == title
    assert page.find("div", class_="page-body").find_all("h2")[0].text == first_heading


def test_footer_links_to_privacy_policy_and_accessibility_statement(client):
    footer = parse(client.get("/").content).find("footer")

    links = {a.text: a.attrs["href"] for a in footer.find_all("a")}
    assert links["Polityka prywatności"] == "/strony/polityka-prywatnosci/"
    assert links["Deklaracja dostępności"] == "/strony/deklaracja-dostepnosci/"


def test_page_marks_its_navigation_item_as_current(client):
    nav = parse(client.get("/strony/kontakt/").content).find("nav", class_="site-nav")

    assert [a.text for a in nav.find_all("a", aria_current="page")] == ["Kontakt"]


def test_page_unknown_slug_is_404(client):
    assert client.get("/strony/nie-ma-takiej/").status_code == 404


def test_page_body_is_sanitized_markdown(client):
    PageFactory(slug="test-strony", title="Test", body="**a** <script>alert(1)</script>")

    response = client.get("/strony/test-strony/")

    body = parse(response.content).find("div", class_="page-body")
    assert body.find("strong").text == "a"
    assert body.find_all("script") == []
    assert "alert(1)" not in response.content.decode()


def test_page_in_english_keeps_the_text_and_translates_the_interface(client):
    page = parse(client.get("/en/strony/kontakt/").content)

    assert page.find("h1").text == "Kontakt"
    assert page.find("main").find("p", class_="small").text.startswith("Last updated: ")


def test_page_query_count_is_constant(client, django_assert_num_queries):
    # The page and the funders' logos.
    with django_assert_num_queries(2):
        client.get("/strony/kontakt/")


def test_page_admin_changelist_lists_and_searches_pages(admin_client):
    response = admin_client.get("/admin/pages/page/", {"q": "dostępności"})

    assert [p.slug for p in response.context["cl"].result_list] == ["deklaracja-dostepnosci"]


def test_page_admin_is_denied_to_anonymous(client):
    response = client.get("/admin/pages/page/")

    assert (response.status_code, response["Location"]) == (
        302,
        "/admin/login/?next=/admin/pages/page/",
    )
