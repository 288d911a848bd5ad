import sqlite3

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse

from kowes.views import service_unavailable

# gunicorn's limit_request_line (gunicorn.conf.py): the same limit under runserver and tests.
MAX_QUERY_STRING_LENGTH = 8190

# Errors that mean "no database to talk to", not "this query failed": PostgreSQL's
# connection exceptions (class 08) and shutdowns, a client-side failure without a SQLSTATE
# (refused, timed out, cut), SQLite's file that cannot be opened or is locked.
_POSTGRESQL_UNAVAILABLE = {"57P01", "57P02", "57P03"}
_SQLITE_UNAVAILABLE = {sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_BUSY, sqlite3.SQLITE_IOERR}


def database_unavailable(error: BaseException | None) -> bool:
    if isinstance(error, InterfaceError):
        return True
    if not isinstance(error, OperationalError):
        return False
    cause = error.__cause__
    if (sqlite_code := getattr(cause, "sqlite_errorcode", None)) is not None:
        return sqlite_code in _SQLITE_UNAVAILABLE
    sqlstate = getattr(cause, "sqlstate", None)
    return sqlstate is None or sqlstate.startswith("08") or sqlstate in _POSTGRESQL_UNAVAILABLE


class QueryStringLimitMiddleware:
    """414 for a query string longer than gunicorn accepts in a request line."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if len(request.META.get("QUERY_STRING", "")) > MAX_QUERY_STRING_LENGTH:
            return HttpResponse("URI Too Long\n", status=414, content_type="text/plain")
        return self.get_response(request)


class DatabaseUnavailableMiddleware:
    """When a view (or its template) cannot reach the database: 503 with Retry-After.

    Errors raised outside views, by other middleware, reach ``kowes.views.server_error``,
    which answers the same way. A query that fails on a working database stays a 500.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if database_unavailable(exception):
            return service_unavailable(request)
        return None
