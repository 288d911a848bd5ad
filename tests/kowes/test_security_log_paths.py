import logging

import pytest
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import resolve
from django.utils.log import log_response


@pytest.fixture
def request_log():
    """The messages django.request's configured logger lets through (after its filters)."""
    messages = []

    class Collect(logging.Handler):
        def emit(self, record):
            messages.append(record.getMessage())

    logger = logging.getLogger("django.request")
    handler = Collect()
    logger.addHandler(handler)
    yield messages
    logger.removeHandler(handler)


def test_request_log_names_the_page_not_its_private_path(request_log):
    token = "Zk3v9QpT1mXcR7yH2bN8sL4dF6gJ0aWeUoIiPzVtYqE"
    request = RequestFactory().get(f"/zgloszenia/{token}/")
    request.resolver_match = resolve(request.path)

    log_response(
        "%s: %s",
        "Service Unavailable",
        request.path,
        response=HttpResponse(status=503),
        request=request,
    )

    assert request_log == ["Service Unavailable: <advisory:request-status>"]


def test_request_log_of_an_unresolved_path_names_no_page(request_log):
    request = RequestFactory().get("/nie-ma/tajny-token/")

    log_response(
        "%s: %s", "Internal Server Error", request.path, response=HttpResponse(status=500),
        request=request,
    )  # fmt: skip

    assert request_log == ["Internal Server Error: <unresolved>"]
