"""The public pages' cache: anonymous visitors get pages from the shared cache (Redis in
production), and every change to public content empties it at once.

How it stays right:

- **A content generation.** Cached pages are stored under the current generation, a random
  token kept in the cache. ``bump_content_generation()`` ends it, and the next request
  starts a new one: every page cached before is never read again (and expires by itself).
  It is called by the receivers below on any save, delete or many-to-many change of a
  public model; by the services that change rows with ``update()``/``bulk_update()``
  (which send no signals); by ``load_demo`` (bulk inserts); after ``migrate`` (a deploy
  may change what pages look like). A generation also ends by itself when a scheduled
  post's publication time comes, and at midnight (the current project and the footer's
  year depend on the date).
- **Who gets cached pages.** Only GET and HEAD requests without a session cookie or a
  messages cookie, to the pages named in ``CACHED_PAGES``. Logged-in people (staff preview
  drafts at public addresses) always get a page made for them.
- **What is stored.** Only a plain 200 response that sets no cookie, has no CSRF token, no
  CSP nonce, no message, no ``Cache-Control: private``/``no-store``/``no-cache`` and varies on
  nothing but the cookie and the language; keyed by the generation, the language, and the
  whole address (scheme, host, path and query string).
- **Headers.** The middleware stands after SessionMiddleware and LocaleMiddleware and its
  ``process_view`` answers from the cache, so a cached page still goes back out through
  every middleware: the security headers (CSP, HSTS, X-Frame-Options…) are set on it as on
  any other response.

The same generation also validates the feeds and the open-data exports (``conditional``):
``ETag`` and ``Last-Modified`` without a database query, 304 when nothing changed.
"""

import datetime
import functools
import hashlib
import logging
import secrets
import time

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.db import DatabaseError, transaction
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save
from django.http import HttpResponse
from django.middleware.csp import get_nonce
from django.utils import timezone, translation
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import (
    http_date,
    parse_http_date_safe,
    split_directive_names,
    split_header_value,
)

logger = logging.getLogger(__name__)

# The pages an anonymous visitor may get from the cache (URL names). Not: the support request
# form, its confirmation and status pages, the advisors' calendars, the admin, the health
# endpoints, the exports (they stream; they answer conditional requests instead).
CACHED_PAGES = frozenset(
    {
        "home",
        "news:post-list",
        "news:category",
        "news:post-detail",
        "news:feed-rss",
        "news:feed-atom",
        "entities:entity-list",
        "entities:entity-detail",
        "entities:open-data",
        "projects:indicators",
        "projects:project-indicators",
        "pages:page-detail",
        "advisory:offer",
    }
)

# Whose saves, deletes and many-to-many changes change public pages: every model of these
# apps, and these models of other apps (advisors on the offer page; advisory sessions in the
# indicators; users as post authors and advisors' names).
PUBLIC_APPS = frozenset({"pages", "news", "entities", "projects"})
PUBLIC_MODELS = frozenset({"advisory.Advisor", "advisory.AdvisorySession", "accounts.User"})

# A cached response may vary on these request headers only: the cookies decide whether the
# cache is used at all, and the language is part of the address (and of the key).
_VARY_ALLOWED = frozenset({"cookie", "accept-language"})
_NO_STORE = frozenset({"private", "no-store", "no-cache"})

GENERATION_KEY = "page-cache:generation"


# The generation


def bump_content_generation() -> None:
    """End the current content generation: now, and again when the current transaction
    commits (a page rendered in between, from data not yet committed, would otherwise be
    kept under the next generation). The next request starts a new one. Needs no database,
    and never fails the change that calls it: a cache that cannot be reached is logged."""
    _end_generation()
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(_end_generation, robust=True)


def _end_generation() -> None:
    try:
        cache.delete(GENERATION_KEY)
    except Exception:  # each cache backend raises its own connection errors
        logger.warning("The page cache could not be emptied: the cache is unreachable.")


def _state(current=None) -> tuple[str, float, float]:
    """(token, when the generation started, when it ends by itself); a new one when there
    is none or it is over (``add``: of two processes starting one, the first one wins).
    ``current``: the value of GENERATION_KEY when the caller has just read it."""
    state = current if current is not None else cache.get(GENERATION_KEY)
    if state is not None and state[2] > time.time():
        return state
    if state is not None:
        cache.delete(GENERATION_KEY)
    new = (secrets.token_hex(8), time.time(), _next_change())
    cache.add(GENERATION_KEY, new, timeout=None)
    return cache.get(GENERATION_KEY) or new


def content_generation() -> str:
    return _state()[0]


def _next_change() -> float:
    """When public pages change with no one saving anything: the next scheduled post's
    publication time, or the next midnight, whichever comes first."""
    from news.models import Post

    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    midnight = datetime.datetime.combine(
        tomorrow, datetime.time.min, tzinfo=timezone.get_current_timezone()
    )
    publication = (
        Post.objects.scheduled().order_by("published_at").values_list("published_at", flat=True)
    ).first()
    return min(midnight, publication or midnight).timestamp()


# Receivers. Invalidation belongs to every write of public content: the admin's generic
# saves and deletes, cascades, many-to-many changes and the services alike. Signals are
# the one place that sees them all (the services call bump_content_generation() themselves
# only where they bypass signals with update() or bulk writes).


def _is_public(model) -> bool:
    return model._meta.app_label in PUBLIC_APPS or model._meta.label in PUBLIC_MODELS


def _content_saved(sender, update_fields=None, **kwargs):
    if _is_public(sender) and update_fields != frozenset({"last_login"}):
        bump_content_generation()


def _content_deleted(sender, **kwargs):
    if _is_public(sender):
        bump_content_generation()


def _relations_changed(sender, action, **kwargs):
    if action.startswith("post_") and _is_public(sender):
        bump_content_generation()


def _migrated(sender, **kwargs):
    bump_content_generation()


def connect_receivers():
    post_save.connect(_content_saved, dispatch_uid="page-cache-save")
    post_delete.connect(_content_deleted, dispatch_uid="page-cache-delete")
    m2m_changed.connect(_relations_changed, dispatch_uid="page-cache-m2m")
    post_migrate.connect(_migrated, dispatch_uid="page-cache-migrate")


# The middleware


def _wants_cached_page(request) -> bool:
    if request.method not in ("GET", "HEAD") or settings.PAGE_CACHE_SECONDS <= 0:
        return False
    if settings.SESSION_COOKIE_NAME in request.COOKIES:
        return False
    if CookieStorage.cookie_name in request.COOKIES:
        return False
    match = request.resolver_match
    return match is not None and match.view_name in CACHED_PAGES


def _page_key(request, generation: str) -> str:
    address = request.build_absolute_uri()  # scheme, (validated) host, path, query string
    digest = hashlib.sha256(address.encode()).hexdigest()
    return f"page:{generation}:{translation.get_language()}:{digest}"


def _storable(request, response) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE") or get_nonce(request):
        return False
    session = getattr(request, "session", None)
    if session is not None and session.modified:
        return False
    storage = getattr(request, "_messages", None)
    if storage is not None and (storage.added_new or storage.used):
        return False
    if set(split_directive_names(response.get("Cache-Control", ""))) & _NO_STORE:
        return False
    vary = {header.lower() for header in split_header_value(response.get("Vary", ""))}
    return vary <= _VARY_ALLOWED


def _conditional(request, response):
    """304 for a cached page the client already has (by its ETag or Last-Modified)."""
    if not (response.has_header("ETag") or response.has_header("Last-Modified")):
        return response
    return get_conditional_response(
        request,
        etag=response.get("ETag"),
        last_modified=parse_http_date_safe(response.get("Last-Modified", "")),
        response=response,
    )


class PageCacheMiddleware:
    """Serve and store the public pages of anonymous visitors (see the module's text)."""

    def __init__(self, get_response):
        self.get_response = get_response
        # The generation this process saw last: a hit then takes one round trip to the
        # cache, which reads the current generation and the page together.
        self.last_generation = None

    def __call__(self, request):
        response = self.get_response(request)
        key = getattr(request, "_page_cache_key", None)
        if key and request.method == "GET" and _storable(request, response):
            patch_vary_headers(response, ("Cookie",))
            value = (response.status_code, list(response.items()), response.content)
            try:
                cache.set(key, value, timeout=settings.PAGE_CACHE_SECONDS)
            except Exception:  # each cache backend raises its own connection errors
                logger.warning("A page could not be cached: the cache is unreachable.")
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not _wants_cached_page(request):
            return None
        try:
            key, cached = self._lookup(request)
        except DatabaseError:
            return None  # the view meets the same error: the 503 page
        except Exception:  # each cache backend raises its own connection errors
            logger.warning("The page cache is unreachable: the page is made afresh.")
            return None
        if cached is None:
            request._page_cache_key = key
            return None
        status, headers, content = cached
        response = HttpResponse(content, status=status)
        for name, value in headers:
            response[name] = value
        return _conditional(request, response)

    def _lookup(self, request):
        """The page's key in the current generation, and the cached page (None if absent)."""
        guess = self.last_generation
        keys = [GENERATION_KEY] + ([_page_key(request, guess[0])] if guess else [])
        found = cache.get_many(keys)
        state = _state(found.get(GENERATION_KEY))
        self.last_generation = state
        key = _page_key(request, state[0])
        if guess is not None and state[0] == guess[0]:
            return key, found.get(key)
        return key, cache.get(key)


# Conditional GET for what the page cache does not keep (the streamed exports), and for
# the cached feeds the first time they are made


def _validators(request) -> tuple[str, int]:
    token, started, _ends = _state()
    digest = hashlib.sha256(request.build_absolute_uri().encode()).hexdigest()[:16]
    return f'W/"{token}-{digest}"', int(started)


def conditional(view):
    """``view`` with an ETag and a Last-Modified taken from the content generation (no
    database query): 304 Not Modified when the client's copy is still the current one.

    The ETag is weak: the JSON export's ``generated_at`` differs from one download to the
    next, the data does not. Last-Modified is when public content last changed (or the
    generation started), which no page of the site is newer than."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        etag, last_modified = _validators(request)
        response = get_conditional_response(request, etag=etag, last_modified=last_modified)
        if response is None:
            response = view(request, *args, **kwargs)
        if request.method in ("GET", "HEAD") and response.status_code in (200, 304):
            response.headers["ETag"] = etag
            response.headers["Last-Modified"] = http_date(last_modified)
        return response

    return wrapped
