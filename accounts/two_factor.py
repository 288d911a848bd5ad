"""Two-factor authentication (TOTP, through django-otp) for the admin.

Any staff member may turn it on; it is required of superusers and of the members of the
groups in ``TWO_FACTOR_REQUIRED_GROUPS`` (the coordinators). Whether a login needs the second
step is decided once, at login, and kept in the session, so that admin pages pay no query
for it; a user who gets the requirement later gets the second step at the next login.
"""

from base64 import b32encode, b64encode
from io import BytesIO

import segno
from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import User
from kowes.security import log_security_event

SESSION_KEY = "accounts_two_factor"
DEVICE_NAME = "TOTP"


def is_required(user: User) -> bool:
    if user.is_superuser and settings.TWO_FACTOR_REQUIRED_FOR_SUPERUSERS:
        return True
    groups = settings.TWO_FACTOR_REQUIRED_GROUPS
    return bool(groups) and user.groups.filter(name__in=groups).exists()


def confirmed_device(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def remember_at_login(request: HttpRequest, user: User) -> None:
    """Note in the new session whether this staff login needs the second step."""
    needed = user.is_staff and (is_required(user) or confirmed_device(user) is not None)
    request.session[SESSION_KEY] = needed


def is_pending(request: HttpRequest) -> bool:
    """A staff member who logged in with a password and still owes the second factor."""
    user = request.user
    if not (user.is_authenticated and user.is_active and user.is_staff):
        return False
    if SESSION_KEY not in request.session:  # a session from before two-factor existed
        remember_at_login(request, user)
    return request.session[SESSION_KEY] and not user.is_verified()


def pending_device(user: User) -> TOTPDevice:
    """The unconfirmed device whose key the user is adding to an app (made on first use)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    return device


def secret_key(device: TOTPDevice) -> str:
    """The key in base 32, in groups of four, for typing into an app by hand."""
    key = b32encode(device.bin_key).decode("ascii")
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


def qr_code_data_uri(device: TOTPDevice) -> str:
    buffer = BytesIO()
    segno.make(device.config_url, error="m").save(
        buffer, kind="svg", scale=5, border=2, xmldecl=False, svgns=True
    )
    return "data:image/svg+xml;base64," + b64encode(buffer.getvalue()).decode("ascii")


def verify(*, request: HttpRequest, device: TOTPDevice, token: str) -> bool:
    """Check a code from the user's app; on success the session counts as verified (and a
    device being set up becomes the user's device)."""
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().get(pk=device.pk)
        if not device.verify_token(token):  # also False while django-otp's throttle waits
            log_security_event("two_factor_failed", request, username=request.user.get_username())
            return False
        if not device.confirmed:
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            TOTPDevice.objects.filter(user=device.user, confirmed=False).delete()
            log_security_event("two_factor_enabled", request, username=request.user.get_username())
    otp_login(request, device)
    request.session[SESSION_KEY] = True
    request.session.cycle_key()  # more rights, new session key
    return True


def verification_allowed(device: TOTPDevice) -> bool:
    """False while django-otp's own throttle makes the user wait after wrong codes."""
    allowed, _details = device.verify_is_allowed()
    return allowed
