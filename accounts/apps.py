from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        # Django's authentication signals are the only place where every login attempt shows.
        from accounts import signals

        signals.connect()


class AdminConfig(admin_apps.AdminConfig):
    """django.contrib.admin with the portal's site (second factor) as ``admin.site``;
    named in INSTALLED_APPS instead of "django.contrib.admin"."""

    default = False  # "accounts" alone still means AccountsConfig
    default_site = "accounts.admin_site.AdminSite"
