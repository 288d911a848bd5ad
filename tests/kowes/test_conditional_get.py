"""Conditional GET on the feeds and the open-data exports: ETag and Last-Modified from the
content generation, 304 Not Modified (without a database query) while nothing changed."""

import re
import time

import pytest
from django.utils.http import http_date, parse_http_date

from tests.entities.factories import SectorFactory
from tests.factories import EntityFactory, PostFactory

pytestmark = pytest.mark.django_db

FEEDS = ["/aktualnosci/rss/", "/aktualnosci/atom/", "/en/aktualnosci/rss/"]
EXPORTS = ["/podmioty/eksport.csv", "/podmioty/eksport.json", "/podmioty/hsds.json"]
ETAG = re.compile(r'W/"[0-9a-f]{16}-[0-9a-f]{16}"')


@pytest.fixture
def content():
    PostFactory.create_batch(3)
    EntityFactory.create_batch(3)
    SectorFactory()


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.mark.parametrize("address", FEEDS + EXPORTS)
def test_response_carries_a_weak_etag_and_the_time_content_last_changed(client, content, address):
    before = int(time.time())

    response = client.get(address)
    body(response)

    assert response.status_code == 200
    assert ETAG.fullmatch(response.headers["ETag"])
    assert before <= parse_http_date(response.headers["Last-Modified"]) <= time.time()


@pytest.mark.parametrize("address", FEEDS + EXPORTS)
def test_unchanged_content_is_not_sent_again(client, content, django_assert_num_queries, address):
    first = client.get(address)
    body(first)

    with django_assert_num_queries(0):
        by_etag = client.get(address, headers={"If-None-Match": first.headers["ETag"]})
        by_date = client.get(address, headers={"If-Modified-Since": first.headers["Last-Modified"]})

    assert (by_etag.status_code, by_etag.content) == (304, b"")
    assert (by_date.status_code, by_date.content) == (304, b"")
    assert (by_etag.headers["ETag"], by_etag.headers["Last-Modified"]) == (
        first.headers["ETag"],
        first.headers["Last-Modified"],
    )


@pytest.mark.parametrize("address", FEEDS)  # the exports answer GET only
def test_head_request_is_answered_conditionally_too(client, content, address):
    first = client.get(address)

    response = client.head(address, headers={"If-None-Match": first.headers["ETag"]})

    assert response.status_code == 304


@pytest.mark.parametrize("address", FEEDS)
def test_feed_is_sent_again_after_a_post_changes(client, content, address):
    first = client.get(address)
    PostFactory(title="Wpis po zmianie")

    response = client.get(address, headers={"If-None-Match": first.headers["ETag"]})

    assert response.status_code == 200
    assert response.headers["ETag"] != first.headers["ETag"]
    assert "Wpis po zmianie" in response.text


@pytest.mark.parametrize("address", EXPORTS)
def test_export_is_sent_again_after_an_entity_changes(client, content, address):
    first = client.get(address)
    body(first)
    EntityFactory(name="Spółdzielnia po zmianie")

    response = client.get(address, headers={"If-None-Match": first.headers["ETag"]})

    assert response.status_code == 200
    assert response.headers["ETag"] != first.headers["ETag"]
    assert "Spółdzielnia po zmianie" in body(response).decode()


def test_each_filter_of_an_export_has_its_own_etag(client, content):
    everything = client.get("/podmioty/eksport.csv")
    filtered = client.get("/podmioty/eksport.csv?q=spoldzielnia")
    body(everything), body(filtered)

    response = client.get(
        "/podmioty/eksport.csv?q=spoldzielnia",
        headers={"If-None-Match": everything.headers["ETag"]},
    )

    assert everything.headers["ETag"] != filtered.headers["ETag"]
    assert response.status_code == 200
    body(response)


@pytest.mark.parametrize("address", FEEDS[:1] + EXPORTS[:1])
def test_an_older_copy_is_sent_again(client, content, address):
    first = client.get(address)
    body(first)
    older = http_date(parse_http_date(first.headers["Last-Modified"]) - 3600)

    by_date = client.get(address, headers={"If-Modified-Since": older})
    by_etag = client.get(address, headers={"If-None-Match": 'W/"0000000000000000-0"'})

    assert (by_date.status_code, by_etag.status_code) == (200, 200)
    body(by_date), body(by_etag)


@pytest.mark.page_cache
def test_cached_feed_answers_conditionally_without_a_query(
    client, content, django_assert_num_queries
):
    first = client.get("/aktualnosci/rss/")
    client.get("/aktualnosci/rss/")  # now from the cache

    with django_assert_num_queries(0):
        response = client.get("/aktualnosci/rss/", headers={"If-None-Match": first.headers["ETag"]})

    assert (response.status_code, response.content) == (304, b"")
    assert response.headers["ETag"] == first.headers["ETag"]
