from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from accounts import two_factor
from accounts.forms import TokenForm


def _next_url(request, admin_site) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse("admin:index", current_app=admin_site.name)


def two_factor_view(request, admin_site):
    """The second step of an admin login, or turning two-factor authentication on.

    With a device: enter its current code. Without: scan the QR code (or type the key) into
    an authenticator app, then enter the code it shows, which turns the device on.
    """
    user = request.user
    next_url = _next_url(request, admin_site)
    device = two_factor.confirmed_device(user)
    if device is not None and user.is_verified():
        return TemplateResponse(
            request,
            "admin/two_factor_on.html",
            {**admin_site.each_context(request), "title": _("Two-factor authentication")},
        )
    setting_up = device is None
    if setting_up:
        device = two_factor.pending_device(user)

    form = TokenForm(request.POST or None)
    if form.is_valid():
        if not two_factor.verification_allowed(device):
            form.add_error(None, _("Too many wrong codes. Wait a minute, then try again."))
        elif two_factor.verify(request=request, device=device, token=form.cleaned_data["token"]):
            return redirect(next_url)
        else:
            form.add_error("token", _("This code is not right. Enter the code the app shows now."))

    context = {
        **admin_site.each_context(request),
        "title": _("Set up two-factor authentication")
        if setting_up
        else _("Two-factor authentication"),
        "form": form,
        "next": next_url,
        "setting_up": setting_up,
        "required": two_factor.is_required(user),
    }
    if setting_up:
        context["qr_code"] = two_factor.qr_code_data_uri(device)
        context["secret"] = two_factor.secret_key(device)
    return TemplateResponse(request, "admin/two_factor.html", context)
