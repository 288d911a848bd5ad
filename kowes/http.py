"""Responses no cache may keep: forms, confirmations, status pages, the admin.

Function views take Django's ``never_cache`` decorator; class-based views this mixin. Both
send ``Cache-Control: max-age=0, no-cache, no-store, must-revalidate, private``. (The admin
gets it from AdminSite.admin_view.)
"""

from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache


class NeverCacheMixin:
    @method_decorator(never_cache)
    def dispatch(self, request, *args, **kwargs):
        return super().dispatch(request, *args, **kwargs)
