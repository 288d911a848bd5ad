"""Who is asking, and a record of security events that names no one.

``client_ip()`` is the one place that reads the client's address: ``REMOTE_ADDR``, or behind
``TRUSTED_PROXY_COUNT`` reverse proxies of our own, the entry of ``X-Forwarded-For`` that
the outermost of them appended. Entries further left come from the client and can say
anything, so they never count.

``log_security_event()`` writes one JSON object a line to the ``kowes.security`` logger:
failed logins, lock-outs, rate-limit and honeypot hits (other apps call it), and, through
the same formatter, Django's own ``django.security.*`` records (disallowed hosts, CSRF
failures). Usernames and addresses appear only as pseudonyms: a keyed hash (HMAC with the
SECRET_KEY) that changes every day, enough to see that one address keeps failing today,
useless for finding out who it was.
"""

import ipaddress
import json
import logging

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.utils import timezone
from django.utils.crypto import salted_hmac

logger = logging.getLogger("kowes.security")

# Django's security loggers and the event names they become.
DJANGO_SECURITY_EVENTS = {
    "django.security.DisallowedHost": "disallowed_host",
    "django.security.csrf": "csrf_failure",
}


def client_ip(request: HttpRequest) -> str:
    remote_addr = request.META.get("REMOTE_ADDR", "")
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies <= 0:
        return remote_addr
    forwarded = [entry.strip() for entry in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    if len(forwarded) < proxies or not forwarded[-proxies]:
        return remote_addr  # it did not come through all our proxies
    candidate = forwarded[-proxies]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote_addr


def pseudonym(value: str) -> str:
    """A stand-in for a username or an address, stable for one day (UTC)."""
    day = timezone.now().date().isoformat()
    return salted_hmac(f"kowes.security.pseudonym.{day}", value, algorithm="sha256").hexdigest()[
        :16
    ]


def cache_count(key: str, *, timeout: int) -> int:
    """Add one to the counter ``key`` in the shared cache and return its new value.

    A new counter lives ``timeout`` seconds. ``add`` then ``incr`` are atomic in Redis, so
    every worker and server counts in the same place (rate limits, the login throttle).
    """
    cache.add(key, 0, timeout=timeout)
    try:
        return cache.incr(key)
    except ValueError:  # the key expired between add() and incr(): a new period starts
        cache.set(key, 1, timeout=timeout)
        return 1


def log_security_event(
    event: str,
    request: HttpRequest | None = None,
    *,
    username: str | None = None,
    **details: str | int | bool,
) -> None:
    """Record a security event, e.g. ``log_security_event("rate_limited", request,
    scope="support-request")`` or ``log_security_event("honeypot", request)``.

    ``details`` are written as they are: never pass anything a person typed.
    """
    fields = dict(details)
    if username is not None:
        fields["user"] = pseudonym(username.casefold())
    logger.warning(
        event, extra={"security_event": event, "security_fields": fields, "request": request}
    )


def _request_fields(request) -> dict:
    if not isinstance(request, HttpRequest):
        return {}
    fields = {"client": pseudonym(client_ip(request)), "method": request.method}
    match = getattr(request, "resolver_match", None)
    if match is not None and match.view_name:
        fields["view"] = match.view_name  # the URL's name, never the path: it may hold a token
    return fields


class SecurityEventFormatter(logging.Formatter):
    """One JSON object a line: time, level, event, pseudonymous client, view, details.

    Messages and tracebacks are left out: Django's security messages quote request values.
    """

    def format(self, record: logging.LogRecord) -> str:
        event = getattr(record, "security_event", None)
        fields = dict(getattr(record, "security_fields", {}))
        if event is None:
            event = DJANGO_SECURITY_EVENTS.get(record.name, "suspicious_request")
            if event == "suspicious_request":
                fields["kind"] = record.name.rpartition(".")[2]
        data = {
            "time": timezone.now().isoformat(timespec="seconds"),
            "level": record.levelname.lower(),
            "event": event,
            **_request_fields(getattr(record, "request", None)),
            **fields,
        }
        return json.dumps(data, ensure_ascii=False, sort_keys=False)


class RequestPathHiddenFilter(logging.Filter):
    """django.request logs "<reason>: <path>" for each 4xx/5xx answer. A path can carry a
    private token (a support request's status link), so the record names the URL pattern
    instead of the path."""

    def filter(self, record: logging.LogRecord) -> bool:
        request = getattr(record, "request", None)
        if request is not None and isinstance(record.args, tuple) and len(record.args) == 2:
            match = getattr(request, "resolver_match", None)
            record.args = (record.args[0], f"<{match.view_name if match else 'unresolved'}>")
        return True
