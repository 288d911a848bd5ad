from django import forms
from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from accounts import throttling


class AdminLoginForm(AdminAuthenticationForm):
    """The admin login form, saying so when the throttle refused the attempt."""

    def get_invalid_login_error(self):
        username = self.cleaned_data.get("username")
        if username and throttling.login_blocked(self.request, username):
            minutes = max(1, settings.LOGIN_COOLOFF_SECONDS // 60)
            return forms.ValidationError(
                ngettext_lazy(
                    "Too many failed attempts to log in. Wait %(minutes)d minute, then try again.",
                    "Too many failed attempts to log in. Wait %(minutes)d minutes, then try again.",
                    "minutes",
                ),
                code="throttled",
                params={"minutes": minutes},
            )
        return super().get_invalid_login_error()


class TokenForm(forms.Form):
    token = forms.CharField(
        label=_("Code from the authenticator app"),
        min_length=6,
        max_length=6,
        validators=[RegexValidator(r"^[0-9]{6}$", _("Enter the 6 digits the app shows."))],
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )
