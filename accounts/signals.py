"""What happens at each login attempt: the throttle counts, the second factor is noted."""

from django.contrib.auth.signals import user_logged_in, user_login_failed

from accounts import throttling, two_factor
from accounts.middleware import note_activity
from kowes.security import log_security_event


def login_failed(sender, credentials, request=None, **kwargs):
    username = credentials.get("username") or ""
    if request is None:
        log_security_event("login_failed", username=username)
    elif not throttling.login_blocked(request, username):  # refusals in cool-off don't count
        throttling.record_login_failure(request, username)


def logged_in(sender, request, user, **kwargs):
    throttling.clear_login_failures(request, user.get_username())
    two_factor.remember_at_login(request, user)
    if user.is_staff:
        note_activity(request)  # saved with the login, not by the first request after it


def connect():
    user_login_failed.connect(login_failed, dispatch_uid="accounts.login_failed")
    user_logged_in.connect(logged_in, dispatch_uid="accounts.logged_in")
