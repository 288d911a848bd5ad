"""When the database cannot be reached: 503 with Retry-After, static files still served,
and the site recovers by itself when the database is back."""

import contextlib
import socket
import threading
import time

import psycopg
import pytest
from django.db import OperationalError, connection
from django.test import Client

from kowes.middleware import database_unavailable
from tests.factories import StaffFactory
from tests.processes import fetch, free_port, gunicorn, production_environment

NO_STORE = "max-age=0, no-cache, no-store, must-revalidate, private"
HEADING = "Portal jest chwilowo niedostępny"


def _refuse_queries(execute, sql, params, many, context):
    raise OperationalError("connection to server at 127.0.0.1 failed: Connection refused")


@pytest.mark.django_db
def test_public_page_answers_503_while_the_database_is_down(client):
    with connection.execute_wrapper(_refuse_queries):
        response = client.get("/aktualnosci/")

    assert (
        response.status_code,
        response.headers["Retry-After"],
        response.headers["Cache-Control"],
    ) == (503, "30", NO_STORE)
    assert f"<h1>{HEADING}</h1>" in response.text
    assert response.headers["Content-Security-Policy"].startswith("default-src 'self'")


@pytest.mark.django_db
def test_staff_request_answers_503_when_the_session_cannot_be_read(client):
    """The session is read in middleware, outside any view: the 500 handler turns the
    database error into the same 503."""
    client.force_login(StaffFactory())
    outside_client = Client(raise_request_exception=False)
    outside_client.cookies = client.cookies

    with connection.execute_wrapper(_refuse_queries):
        response = outside_client.get("/admin/")

    assert (response.status_code, response.headers["Retry-After"]) == (503, "30")
    assert f"<h1>{HEADING}</h1>" in response.text


@pytest.mark.django_db
def test_static_files_are_served_while_the_database_is_down(client):
    with connection.execute_wrapper(_refuse_queries):
        response = client.get("/static/css/site.css")
        response.close()

    assert response.status_code == 200


@pytest.mark.django_db
def test_site_answers_again_as_soon_as_the_database_is_back(client):
    with connection.execute_wrapper(_refuse_queries):
        assert client.get("/").status_code == 503

    assert client.get("/").status_code == 200


def _server_environment(database_url, **overrides):
    return production_environment(
        DATABASE_URL=database_url,
        ALLOWED_HOSTS="127.0.0.1",
        HTTPS="false",
        REDIS_URL=None,
        **overrides,
    )


def test_gunicorn_answers_503_quickly_when_postgresql_refuses_connections():
    closed_port = free_port()
    with gunicorn(_server_environment(f"postgres://postgres@127.0.0.1:{closed_port}/kowes")) as url:
        started = time.monotonic()
        status, headers, body = fetch(f"{url}/")
        elapsed = time.monotonic() - started

        assert (status, headers["Retry-After"]) == (503, "30")
        assert HEADING in body
        assert elapsed < 3
        assert fetch(f"{url}/static/css/site.css")[0] == 200
        assert fetch(f"{url}/healthz")[:1] == (200,)
        assert (fetch(f"{url}/readyz")[0], fetch(f"{url}/readyz")[2]) == (
            503,
            '{"database": "unavailable", "cache": "ok"}',
        )


def test_gunicorn_answers_503_within_the_connect_timeout_when_postgresql_is_silent():
    """A server that accepts the connection and never answers (a hung or unreachable host)."""
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(16)
        port = silent.getsockname()[1]
        environment = _server_environment(
            f"postgres://postgres@127.0.0.1:{port}/kowes", DB_CONNECT_TIMEOUT="2"
        )
        with gunicorn(environment) as url:
            started = time.monotonic()
            status, headers, _body = fetch(f"{url}/")
            elapsed = time.monotonic() - started

    assert (status, headers["Retry-After"]) == (503, "30")
    assert 1.9 <= elapsed < 5


class Switch:
    """A TCP forwarder to PostgreSQL that can be switched off (connections cut, new ones
    refused) and on again, as a restart of the database server looks to the app."""

    def __init__(self, target_port):
        self.target_port = target_port
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.on = True
        self.open_sockets = []
        self.lock = threading.Lock()
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                client, _address = self.listener.accept()
            except OSError:
                return
            if not self.on:
                client.close()
                continue
            upstream = socket.create_connection(("127.0.0.1", self.target_port))
            with self.lock:
                self.open_sockets += [client, upstream]
            for source, target in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(source, target), daemon=True).start()

    @staticmethod
    def _pipe(source, target):
        try:
            while data := source.recv(65536):
                target.sendall(data)
        except OSError:
            pass
        finally:
            for sock in (source, target):
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)

    def switch_off(self):
        self.on = False
        with self.lock:
            for sock in self.open_sockets:
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
                sock.close()
            self.open_sockets = []

    def switch_on(self):
        self.on = True

    def close(self):
        self.listener.close()
        self.switch_off()


@pytest.mark.django_db
def test_gunicorn_recovers_without_restart_when_postgresql_comes_back():
    database = connection.settings_dict
    if connection.vendor != "postgresql":
        pytest.skip("needs the suite to run on PostgreSQL (CI's second run)")
    switch = Switch(int(database["PORT"] or 5432))
    database_url = f"postgres://{database['USER']}@127.0.0.1:{switch.port}/{database['NAME']}"
    try:
        # Pages made from the database: a page in the page cache is still served while the
        # database is down (tests/kowes/test_page_cache.py).
        with gunicorn(_server_environment(database_url, PAGE_CACHE_SECONDS="0")) as url:
            assert fetch(f"{url}/")[0] == 200

            switch.switch_off()
            assert fetch(f"{url}/")[0] == 503
            assert fetch(f"{url}/readyz")[0] == 503

            switch.switch_on()
            assert fetch(f"{url}/")[0] == 200
            assert fetch(f"{url}/readyz")[0] == 200
    finally:
        switch.close()


@pytest.mark.parametrize(
    "cause",
    [psycopg.errors.QueryCanceled("canceling statement"), psycopg.errors.SyntaxError("oops")],
    ids=["query-canceled", "syntax-error"],
)
@pytest.mark.django_db
def test_query_that_fails_on_a_working_database_stays_a_server_error(cause):
    def fail_query(execute, sql, params, many, context):
        raise OperationalError(str(cause)) from cause

    client = Client(raise_request_exception=False)
    with connection.execute_wrapper(fail_query):
        response = client.get("/")

    assert response.status_code == 500
    assert "Retry-After" not in response.headers


@pytest.mark.parametrize(
    ("sqlstate", "unavailable"),
    [(None, True), ("08006", True), ("57P01", True), ("57014", False), ("42601", False)],
)
def test_database_unavailable_tells_connection_failures_from_query_errors(sqlstate, unavailable):
    cause = psycopg.OperationalError("failed")
    cause.sqlstate = sqlstate
    error = OperationalError("failed")
    error.__cause__ = cause

    assert database_unavailable(error) is unavailable
