"""Hostile requests never give a 500 (on PostgreSQL too, where a NUL byte reaching a query
raises): NUL bytes, invalid UTF-8, too many fields, a body too big, a foreign Host header,
a huge query string. Every URL without parameters is tried, as a visitor and as a
superuser, so that pages added later are covered too."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RoutePattern

from tests.factories import (
    EntityFactory,
    PageFactory,
    PostFactory,
    SuperuserFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

HOSTILE_QUERIES = {
    "nul": "q=%00&page=%00&o=%00&p=%00&all=%00&e=1%00",
    "invalid-utf8": "q=%FF%FE%C3%28&page=%C0%AF&p=%ED%A0%80",
    "1001-fields": "&".join(f"f{number}=1" for number in range(1001)),
    "100kb": "q=" + "a" * 100_000,
}


def test_query_string_of_100_kilobytes_is_refused_as_too_long(client):
    response = client.get("/aktualnosci/?" + HOSTILE_QUERIES["100kb"])

    assert response.status_code == 414


def _paths_without_parameters(patterns=None, prefix=""):
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            nested = prefix + str(pattern.pattern)
            yield from _paths_without_parameters(pattern.url_patterns, nested)
        elif (
            isinstance(pattern, URLPattern)
            and isinstance(pattern.pattern, RoutePattern)
            and not pattern.pattern.converters
        ):
            yield "/" + prefix + str(pattern.pattern)


def _detail_paths():
    post, page, entity = PostFactory(), PageFactory(), EntityFactory()
    user = UserFactory()
    return [
        post.get_absolute_url(),
        page.get_absolute_url(),
        entity.get_absolute_url(),
        f"/admin/accounts/user/{user.pk}/change/",
        f"/admin/news/post/{post.pk}/change/",
        "/admin/accounts/user/%00/change/",
        "/admin/news/post/%FF/change/",
        "/aktualnosci/%00/",
        "/aktualnosci/%FF%FE/",
        "/strony/%C0%AF/",
        "/%00",
    ]


def _assert_no_server_error(client, paths):
    failures = []
    for path in paths:
        for name, query in HOSTILE_QUERIES.items():
            response = client.get(f"{path}?{query}")
            if response.status_code >= 500:
                failures.append((path, name, response.status_code))
            if name == "1001-fields" and response.status_code not in (301, 302, 400, 404, 405):
                # Either the view never reads the query string, or it refuses it.
                assert "request.GET" not in response.text
    assert failures == []


def test_hostile_query_strings_never_give_a_server_error_to_visitors(client):
    _assert_no_server_error(client, [*_paths_without_parameters(), *_detail_paths()])


def test_hostile_query_strings_never_give_a_server_error_to_superusers(client):
    client.force_login(SuperuserFactory())

    _assert_no_server_error(client, [*_paths_without_parameters(), *_detail_paths()])


def test_too_many_fields_are_refused(client):
    fields = {f"f{number}": "1" for number in range(1001)}

    assert client.post("/admin/login/", fields).status_code == 400
    assert client.get("/aktualnosci/", fields).status_code == 400


def test_body_of_three_megabytes_is_refused(client):
    body = "username=" + "a" * (3 * 1024 * 1024)

    response = client.post("/admin/login/", body, content_type="application/x-www-form-urlencoded")

    assert response.status_code == 400


def test_upload_of_three_megabytes_without_csrf_token_is_refused():
    upload = SimpleUploadedFile("big.bin", b"\0" * (3 * 1024 * 1024))

    response = Client(enforce_csrf_checks=True).post(
        "/admin/login/", {"username": "x", "file": upload}
    )

    assert response.status_code == 403


@pytest.mark.parametrize(
    "host", ["evil.example", "localhost.evil.example", "127.0.0.1.nip.io", "local\x00host"]
)
def test_foreign_host_header_is_refused(client, host):
    assert client.get("/", headers={"host": host}).status_code == 400


@pytest.mark.parametrize(
    "fields",
    [
        {"username": "admin\x00", "password": "x\x00y"},
        {"username": "a" * 100_000, "password": "b" * 100_000},
    ],
    ids=["nul", "long"],
)
def test_hostile_login_forms_are_answered_with_the_form(client, fields):
    response = client.post("/admin/login/", fields)

    assert response.status_code == 200
    assert response.context["form"].is_valid() is False


def test_invalid_utf8_form_body_is_answered_with_the_form(client):
    body = b"username=%FF%FE%00&password=%C3%28"

    response = client.post("/admin/login/", body, content_type="application/x-www-form-urlencoded")

    assert response.status_code == 200


def test_hostile_admin_add_form_is_answered_with_the_form(client):
    client.force_login(SuperuserFactory())

    response = client.post(
        "/admin/news/post/add/",
        {"title": "Tytuł\x00", "slug": "a\x00", "lead": "\x00", "body": "\x00", "status": "\x00"},
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.is_valid() is False
