"""The admin site of the portal: Django's, with the second factor and no-store pages.

Installed as the default site (``accounts.apps.AdminConfig``), so ``admin.site`` and
``@admin.register`` everywhere mean this one.
"""

from functools import update_wrapper

from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.urls import path, reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect

from accounts import two_factor
from accounts.forms import AdminLoginForm


class AdminSite(admin.AdminSite):
    site_header = _("KOWES administration")
    site_title = _("KOWES administration")
    login_form = AdminLoginForm

    def has_permission(self, request):
        return super().has_permission(request) and not two_factor.is_pending(request)

    def admin_view(self, view, cacheable=False):
        """Every admin page first sends a staff member who owes the second factor to give it."""
        inner = super().admin_view(view, cacheable)

        def second_factor_first(request, *args, **kwargs):
            if two_factor.is_pending(request):
                return self._redirect_to_second_factor(request)
            return inner(request, *args, **kwargs)

        return update_wrapper(second_factor_first, inner)

    def login(self, request, extra_context=None):
        if request.method == "GET" and two_factor.is_pending(request):
            return self._redirect_to_second_factor(request)
        return super().login(request, extra_context)

    def get_urls(self):
        from accounts.views import two_factor_view

        return [
            path(
                "two-factor/",
                self._staff_only(two_factor_view),
                {"admin_site": self},
                name="two-factor",
            ),
            # Before Django's own: logging out needs no second factor.
            path("logout/", self._staff_only(self.logout), name="logout"),
            *super().get_urls(),
        ]

    def _staff_only(self, view):
        """admin_view for the second-factor page and logging out: active staff, second factor
        or not."""

        def inner(request, *args, **kwargs):
            if not admin.AdminSite.has_permission(self, request):
                return redirect_to_login(
                    request.get_full_path(), reverse("admin:login", current_app=self.name)
                )
            return view(request, *args, **kwargs)

        return csrf_protect(never_cache(update_wrapper(inner, view)))

    def _redirect_to_second_factor(self, request):
        response = redirect_to_login(
            request.get_full_path(), reverse("admin:two-factor", current_app=self.name)
        )
        add_never_cache_headers(response)
        return response
