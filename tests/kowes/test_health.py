import pytest
from django.db import OperationalError, connection

NO_STORE = "max-age=0, no-cache, no-store, must-revalidate, private"


def _refuse_queries(execute, sql, params, many, context):
    raise OperationalError("connection to server at 127.0.0.1 failed: Connection refused")


def test_healthz_answers_without_database(client):
    response = client.get("/healthz")  # no django_db mark: a query would fail the test

    assert (response.status_code, response.content, response.headers["Cache-Control"]) == (
        200,
        b"ok\n",
        NO_STORE,
    )


@pytest.mark.django_db
def test_readyz_reports_database_and_cache(client):
    response = client.get("/readyz")

    assert (response.status_code, response.json(), response.headers["Cache-Control"]) == (
        200,
        {"database": "ok", "cache": "ok"},
        NO_STORE,
    )


@pytest.mark.django_db
def test_readyz_fails_without_database(client):
    with connection.execute_wrapper(_refuse_queries):
        response = client.get("/readyz")

    assert (response.status_code, response.json()) == (
        503,
        {"database": "unavailable", "cache": "ok"},
    )


@pytest.mark.django_db
def test_readyz_fails_without_cache(client, settings):
    from tests.processes import free_port

    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{free_port()}/0",  # nothing listens there
        }
    }

    response = client.get("/readyz")

    assert (response.status_code, response.json()) == (
        503,
        {"database": "ok", "cache": "unavailable"},
    )


@pytest.mark.parametrize("path", ["/en/healthz", "/en/readyz", "/healthz/"])
@pytest.mark.django_db
def test_health_endpoints_live_outside_language_prefixes(client, path):
    assert client.get(path).status_code == 404


@pytest.mark.django_db
def test_health_endpoints_accept_only_get(client):
    assert client.post("/healthz").status_code == 405
