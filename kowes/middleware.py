from django.db import InterfaceError, OperationalError

from kowes.views import service_unavailable


class DatabaseUnavailableMiddleware:
    """When a view (or its template) cannot reach the database: 503 with Retry-After.

    Errors raised outside views, by other middleware, reach ``kowes.views.server_error``,
    which answers the same way.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, OperationalError | InterfaceError):
            return service_unavailable(request)
        return None
