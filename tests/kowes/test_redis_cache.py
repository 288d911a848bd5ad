"""The Redis cache backend (kowes/redis_cache.py): Django's, with one client per pool."""

import os
import uuid

import pytest

from kowes.redis_cache import RedisCache

REDIS_URL = "redis://127.0.0.1:6379/13"


def _redis_available() -> bool:
    try:
        import redis

        redis.Redis.from_url(REDIS_URL, socket_timeout=1).ping()
    except Exception:
        return False
    return True


needs_redis = pytest.mark.skipif(
    not _redis_available() and not os.environ.get("CI"),
    reason="needs a Redis server on 127.0.0.1:6379 (CI starts one)",
)


def test_redis_cache_makes_one_client_and_keeps_it():
    backend = RedisCache(REDIS_URL, {})

    first = backend._cache.get_client("a")
    second = backend._cache.get_client("b", write=True)

    assert first is second
    assert first.connection_pool is backend._cache._get_connection_pool(write=False)


@needs_redis
def test_redis_cache_stores_and_reads_values():
    backend = RedisCache(REDIS_URL, {"KEY_PREFIX": uuid.uuid4().hex})

    backend.set("page", (200, [("Content-Type", "text/html")], b"<p>x</p>"), 60)
    backend.set("count", 3, 60)

    assert backend.get_many(["page", "count", "missing"]) == {
        "page": (200, [("Content-Type", "text/html")], b"<p>x</p>"),
        "count": 3,
    }
    backend.delete_many(["page", "count"])
    assert backend.get("page") is None


@needs_redis
@pytest.mark.page_cache
@pytest.mark.django_db
def test_page_cache_works_through_redis(client, settings, django_assert_num_queries):
    from tests.factories import PostFactory

    settings.CACHES = {
        "default": {
            "BACKEND": "kowes.redis_cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": uuid.uuid4().hex,  # apart from any other run using this database
        }
    }
    PostFactory(title="Wpis przez Redis")
    first = client.get("/aktualnosci/")

    with django_assert_num_queries(0):
        second = client.get("/aktualnosci/")

    assert (second.status_code, second.content) == (200, first.content)
    assert "Wpis przez Redis" in second.text
