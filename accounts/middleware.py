import time

from django.conf import settings
from django.contrib.auth import logout

from kowes.security import log_security_event

LAST_SEEN_KEY = "accounts_last_seen"
# The last-seen time is written at most this often, not on every request.
LAST_SEEN_RESOLUTION = 60


class StaffSessionIdleTimeoutMiddleware:
    """A staff session ends after STAFF_SESSION_IDLE_TIMEOUT seconds without a request.

    The session's own expiry follows (set_expiry), so the session store and the cookie
    forget it too, on every app server alike.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and user.is_staff:
            now = int(time.time())
            last_seen = request.session.get(LAST_SEEN_KEY)
            timeout = settings.STAFF_SESSION_IDLE_TIMEOUT
            if last_seen is not None and now - last_seen > timeout:
                log_security_event("staff_session_expired", request)
                logout(request)
            elif last_seen is None or now - last_seen >= LAST_SEEN_RESOLUTION:
                note_activity(request)
        return self.get_response(request)


def note_activity(request) -> None:
    """Start the idle clock again (at login, then at most once a minute)."""
    request.session[LAST_SEEN_KEY] = int(time.time())
    request.session.set_expiry(settings.STAFF_SESSION_IDLE_TIMEOUT)
