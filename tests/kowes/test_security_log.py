import io
import json
import logging

import pytest
import time_machine
from django.test import Client

from kowes.security import log_security_event, pseudonym
from tests.factories import StaffFactory

pytestmark = pytest.mark.django_db

NOW = "2026-03-02T09:30:00+00:00"


@pytest.fixture
def security_log():
    """The lines the configured security handler writes, as parsed JSON and as raw text."""
    stream = io.StringIO()
    configured = logging.getLogger("kowes.security").handlers[0]
    handler = logging.StreamHandler(stream)
    handler.setFormatter(configured.formatter)
    loggers = [logging.getLogger("kowes.security"), logging.getLogger("django.security")]
    for logger in loggers:
        logger.addHandler(handler)
    with time_machine.travel(NOW, tick=False):
        yield lambda: stream.getvalue()
    for logger in loggers:
        logger.removeHandler(handler)


def _lines(text):
    return [json.loads(line) for line in text.splitlines()]


def test_security_log_records_failed_logins_and_lockouts_without_names_or_addresses(
    client, security_log, settings
):
    settings.TRUSTED_PROXY_COUNT = 1
    user = StaffFactory(username="anna.kowalska")
    for _ in range(6):
        client.post(
            "/admin/login/",
            {"username": "Anna.Kowalska", "password": "wrong"},
            headers={"x-forwarded-for": "203.0.113.45"},
        )

    text = security_log()

    request_fields = {
        "time": NOW,
        "level": "warning",
        "client": pseudonym("203.0.113.45"),
        "method": "POST",
        "view": "admin:login",
        "user": pseudonym("anna.kowalska"),
    }
    assert _lines(text) == [
        *[{**request_fields, "event": "login_failed"}] * 5,
        {**request_fields, "event": "login_locked_out", "seconds": 900},
        {**request_fields, "event": "login_blocked"},
    ]
    for personal in (user.username, "Anna.Kowalska", "203.0.113", user.email, "127.0.0.1"):
        assert personal.casefold() not in text.casefold()


def test_security_log_records_csrf_failures(security_log):
    client = Client(enforce_csrf_checks=True)

    response = client.post("/admin/login/", {"username": "x", "password": "y"})

    assert response.status_code == 403
    assert _lines(security_log()) == [
        {
            "time": NOW,
            "level": "warning",
            "event": "csrf_failure",
            "client": pseudonym("127.0.0.1"),
            "method": "POST",
            "view": "admin:login",
        }
    ]


def test_security_log_records_disallowed_hosts_without_the_host(client, security_log):
    response = client.get("/", headers={"host": "evil.example"})

    assert response.status_code == 400
    text = security_log()
    assert _lines(text) == [
        {
            "time": NOW,
            "level": "error",
            "event": "disallowed_host",
            "client": pseudonym("127.0.0.1"),
            "method": "GET",
        }
    ]
    assert "evil" not in text


def test_security_log_records_other_apps_events(rf, security_log):
    request = rf.post("/wsparcie/zgloszenie/", REMOTE_ADDR="198.51.100.23")

    log_security_event("rate_limited", request, scope="support-request")
    log_security_event("honeypot", request)

    assert _lines(security_log()) == [
        {
            "time": NOW,
            "level": "warning",
            "event": "rate_limited",
            "client": pseudonym("198.51.100.23"),
            "method": "POST",
            "scope": "support-request",
        },
        {
            "time": NOW,
            "level": "warning",
            "event": "honeypot",
            "client": pseudonym("198.51.100.23"),
            "method": "POST",
        },
    ]


def test_pseudonyms_change_every_day():
    with time_machine.travel("2026-03-02T23:59:59+00:00", tick=False):
        monday = pseudonym("198.51.100.23")
        assert pseudonym("198.51.100.23") == monday
    with time_machine.travel("2026-03-03T00:00:00+00:00", tick=False):
        tuesday = pseudonym("198.51.100.23")

    assert monday != tuesday
    assert len(monday) == len(tuesday) == 16
