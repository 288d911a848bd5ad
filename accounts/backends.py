from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied

from accounts.throttling import login_blocked
from kowes.security import log_security_event


class ThrottledModelBackend(ModelBackend):
    """ModelBackend that refuses, without checking the password, a username and address
    pair in its cool-off (see accounts.throttling)."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is not None and username and login_blocked(request, username):
            log_security_event("login_blocked", request, username=username)
            raise PermissionDenied  # stops authenticate(): no other backend is asked
        return super().authenticate(request, username=username, password=password, **kwargs)
