"""The admin login throttle: failures counted per (username, client address) in the shared cache.

After ``LOGIN_FAILURE_LIMIT`` failures of one username from one address, that pair is
refused until ``LOGIN_COOLOFF_SECONDS`` have passed since its latest failure: never for
ever, and nobody else is locked out by it. The address comes from ``client_ip()``, so a
spoofed ``X-Forwarded-For`` changes nothing. Cache keys are keyed hashes: the cache holds
neither usernames nor addresses.
"""

import unicodedata

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.utils.crypto import salted_hmac

from kowes.security import cache_count, client_ip, log_security_event


def _cache_key(request: HttpRequest, username: str) -> str:
    # The same account however it is spelt: ModelBackend stores usernames NFKC-normalized.
    name = unicodedata.normalize("NFKC", username).casefold()
    digest = salted_hmac(
        "accounts.throttling", f"{name}\n{client_ip(request)}", algorithm="sha256"
    ).hexdigest()
    return f"login-failures:{digest}"


def login_blocked(request: HttpRequest, username: str) -> bool:
    return cache.get(_cache_key(request, username), 0) >= settings.LOGIN_FAILURE_LIMIT


def record_login_failure(request: HttpRequest, username: str) -> None:
    key = _cache_key(request, username)
    cooloff = settings.LOGIN_COOLOFF_SECONDS
    failures = cache_count(key, timeout=cooloff)
    cache.touch(key, timeout=cooloff)  # the cool-off runs from the latest failure
    log_security_event("login_failed", request, username=username)
    if failures == settings.LOGIN_FAILURE_LIMIT:
        log_security_event("login_locked_out", request, username=username, seconds=cooloff)


def clear_login_failures(request: HttpRequest, username: str) -> None:
    cache.delete(_cache_key(request, username))
