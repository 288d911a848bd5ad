"""The public pages' cache (kowes/page_cache.py): anonymous visitors get cached pages, any
change to public content shows at once, and nobody else ever gets a cached page."""

import time
from datetime import timedelta

import pytest
from django.db import OperationalError, connection
from django.test import Client
from django.utils import timezone

from kowes.page_cache import bump_content_generation, content_generation
from news import services as news_services
from news.models import Post
from tests.advisory.factories import (
    AdvisorFactory,
    AdvisorySessionFactory,
    SupportRequestFactory,
)
from tests.entities.factories import SectorFactory
from tests.factories import (
    CategoryFactory,
    EntityFactory,
    PageFactory,
    PostFactory,
    StaffFactory,
)
from tests.projects.factories import ProjectFactory

pytestmark = [pytest.mark.django_db, pytest.mark.page_cache]


@pytest.fixture
def content():
    """One of each kind of public content, so that every cached page has something to show."""
    category = CategoryFactory(slug="dotacje-testowe", name="Dotacje testowe")
    post = PostFactory(slug="wpis-w-pamieci", title="Wpis w pamięci")
    post.categories.add(category)
    entity = EntityFactory(slug="spoldzielnia-w-pamieci", name="Spółdzielnia w pamięci")
    entity.sectors.add(SectorFactory())
    page = PageFactory(slug="strona-w-pamieci", title="Strona w pamięci")
    ProjectFactory()
    AdvisorFactory()
    return {"post": post, "entity": entity, "page": page}


CACHED_ADDRESSES = [
    "/",
    "/en/",
    "/aktualnosci/",
    "/aktualnosci/?page=1",
    "/aktualnosci/kategoria/dotacje-testowe/",
    "/aktualnosci/wpis-w-pamieci/",
    "/aktualnosci/rss/",
    "/aktualnosci/atom/",
    "/podmioty/",
    "/podmioty/?q=pami%C4%99ci&sort=newest",
    "/podmioty/spoldzielnia-w-pamieci/",
    "/dane-otwarte/",
    "/wskazniki/",
    "/strony/strona-w-pamieci/",
    "/oferta/",
]


@pytest.mark.parametrize("address", CACHED_ADDRESSES)
def test_cached_page_is_the_same_page_without_a_query(
    client, content, django_assert_num_queries, address
):
    first = client.get(address)

    with django_assert_num_queries(0):
        second = client.get(address)

    assert (second.status_code, second.content) == (200, first.content)
    assert dict(second.headers) == dict(first.headers)


def test_cached_page_keeps_the_security_headers(client, content):
    client.get("/aktualnosci/")

    response = client.get("/aktualnosci/")

    assert {
        name: response.headers.get(name)
        for name in (
            "Content-Security-Policy",
            "X-Frame-Options",
            "X-Content-Type-Options",
            "Referrer-Policy",
            "Cross-Origin-Opener-Policy",
            "Vary",
            "Content-Language",
        )
    } == {
        "Content-Security-Policy": (
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
        ),
        "X-Frame-Options": "DENY",
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "same-origin",
        "Cross-Origin-Opener-Policy": "same-origin",
        "Vary": "Cookie, Accept-Language",
        "Content-Language": "pl",
    }
    assert response.cookies == {}


def test_head_request_gets_the_cached_page(client, content, django_assert_num_queries):
    client.get("/aktualnosci/")

    with django_assert_num_queries(0):
        response = client.head("/aktualnosci/")

    assert (response.status_code, response.content) == (200, b"")


def test_a_changed_post_shows_at_once(client, content):
    post = content["post"]
    client.get(post.get_absolute_url())
    client.get("/aktualnosci/")

    post.title = "Wpis poprawiony"
    post.save()

    assert "<h1>Wpis poprawiony</h1>" in client.get(post.get_absolute_url()).text
    assert "Wpis poprawiony" in client.get("/aktualnosci/").text
    assert "Wpis w pamięci" not in client.get("/aktualnosci/").text


def test_a_new_category_of_a_post_shows_at_once(client, content):
    post = content["post"]
    client.get(post.get_absolute_url())

    post.categories.add(CategoryFactory(slug="nowa-kategoria", name="Nowa kategoria"))

    assert (
        'href="/aktualnosci/kategoria/nowa-kategoria/"' in client.get(post.get_absolute_url()).text
    )


def test_posts_published_by_the_service_show_at_once(client, content):
    draft = PostFactory(title="Szkic do publikacji", status=Post.Status.DRAFT)
    assert "Szkic do publikacji" not in client.get("/aktualnosci/").text

    news_services.posts_publish(posts=[draft])  # update(): no signal

    assert "Szkic do publikacji" in client.get("/aktualnosci/").text


def test_a_deleted_post_goes_at_once(client, content):
    post = content["post"]
    assert client.get(post.get_absolute_url()).status_code == 200

    post.delete()

    assert client.get(post.get_absolute_url()).status_code == 404
    assert "Wpis w pamięci" not in client.get("/aktualnosci/").text


def test_a_scheduled_post_shows_when_its_time_comes(client, content):
    PostFactory(title="Wpis zaplanowany", published_at=timezone.now() + timedelta(seconds=1))
    assert "Wpis zaplanowany" not in client.get("/aktualnosci/").text
    assert "Wpis zaplanowany" not in client.get("/aktualnosci/").text  # from the cache

    time.sleep(1.1)

    assert "Wpis zaplanowany" in client.get("/aktualnosci/").text


def test_a_changed_entity_shows_at_once(client, content):
    entity = content["entity"]
    client.get(entity.get_absolute_url())
    client.get("/podmioty/")

    entity.name = "Spółdzielnia po zmianie"
    entity.save()

    assert "<h1>Spółdzielnia po zmianie</h1>" in client.get(entity.get_absolute_url()).text
    assert "Spółdzielnia po zmianie" in client.get("/podmioty/").text


def test_a_changed_municipality_shows_on_its_entities_pages(client, content):
    entity = content["entity"]
    client.get(entity.get_absolute_url())

    municipality = entity.municipality
    municipality.name = "Gmina Przemianowana"
    municipality.save()

    assert "Gmina Przemianowana" in client.get(entity.get_absolute_url()).text


def test_a_logged_advisory_session_shows_on_the_indicators_at_once(client, content):
    advisor = AdvisorFactory()
    sessions_row = '<th scope="row">Sesje doradcze</th><td class="text-end">{}</td>'
    assert sessions_row.format(0) in client.get("/wskazniki/").text

    within_project = timezone.make_aware(timezone.datetime(2014, 3, 3, 9))
    AdvisorySessionFactory(advisor=advisor, entity=content["entity"], starts_at=within_project)

    assert sessions_row.format(1) in client.get("/wskazniki/").text


def test_a_changed_page_shows_at_once(client, content):
    page = content["page"]
    client.get("/strony/strona-w-pamieci/")

    page.body = "Nowa treść strony."
    page.save()

    assert "<p>Nowa treść strony.</p>" in client.get("/strony/strona-w-pamieci/").text


def test_polish_and_english_pages_are_cached_apart(client, content):
    polish = client.get("/aktualnosci/")
    english = client.get("/en/aktualnosci/")

    assert (client.get("/aktualnosci/").content, client.get("/en/aktualnosci/").content) == (
        polish.content,
        english.content,
    )
    assert '<html lang="pl">' in polish.text
    assert '<html lang="en">' in english.text


def test_each_host_gets_its_own_page(content):
    post_url = content["post"].get_absolute_url()
    Client(HTTP_HOST="testserver").get(post_url)

    response = Client(HTTP_HOST="localhost").get(post_url)

    assert '<link rel="canonical" href="http://localhost/aktualnosci/wpis-w-pamieci/">' in (
        response.text
    )


def test_each_query_string_gets_its_own_page(client, content):
    everything = client.get("/podmioty/")
    nothing = client.get("/podmioty/?q=niczego-takiego-nie-ma")

    assert "Spółdzielnia w pamięci" in everything.text
    assert "Spółdzielnia w pamięci" not in nothing.text


def test_logged_in_staff_never_get_a_cached_page(client, content):
    """A change that bypasses the signals leaves the anonymous copy stale, on purpose:
    staff see the database, not the copy."""
    staff = Client()
    staff.force_login(StaffFactory())
    client.get("/aktualnosci/")
    Post.objects.filter(pk=content["post"].pk).update(title="Zmiana bez sygnału")

    assert "Zmiana bez sygnału" not in client.get("/aktualnosci/").text
    assert "Zmiana bez sygnału" in staff.get("/aktualnosci/").text


def test_staff_preview_of_a_draft_is_never_given_to_visitors(client, content):
    draft = PostFactory(slug="szkic", title="Szkic", status=Post.Status.DRAFT)
    staff = Client()
    staff.force_login(StaffFactory())

    assert staff.get(draft.get_absolute_url()).status_code == 200
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_a_visitor_with_messages_gets_a_page_made_for_them(client, content):
    client.get("/aktualnosci/")
    Post.objects.filter(pk=content["post"].pk).update(title="Zmiana bez sygnału")
    client.cookies["messages"] = "anything"

    assert "Zmiana bez sygnału" in client.get("/aktualnosci/").text


def test_form_and_status_pages_are_never_cached(client, db, django_assert_num_queries):
    support_request = SupportRequestFactory()
    status_url = f"/zgloszenia/{support_request.status_token}/"
    client.get("/zglos-potrzebe-wsparcia/")
    client.get(status_url)

    form = client.get("/zglos-potrzebe-wsparcia/")
    with django_assert_num_queries(4):  # notice, entities, municipalities, funding logos
        client.get("/zglos-potrzebe-wsparcia/")
    status = client.get(status_url)

    assert form.cookies["csrftoken"].value != ""
    assert status.headers["Cache-Control"] == (
        "max-age=0, no-cache, no-store, must-revalidate, private"
    )
    assert support_request.reference in status.text


def test_a_cached_page_is_served_while_the_database_is_down(client, content):
    cached = client.get("/aktualnosci/")

    def refuse(execute, sql, params, many, context):
        raise OperationalError("connection to server at 127.0.0.1 failed: Connection refused")

    with connection.execute_wrapper(refuse):
        response = client.get("/aktualnosci/")

    assert (response.status_code, response.content) == (200, cached.content)


def test_a_generation_ends_again_when_the_transaction_commits(
    db, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        bump_content_generation()
        during = content_generation()  # a page made now sees data not yet committed

    assert content_generation() != during
