"""Deployment checks of the portal's own (``manage.py check --deploy``; CI fails on them)."""

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def check_shared_cache(app_configs, **kwargs):
    backend = settings.CACHES["default"]["BACKEND"]
    if backend.endswith("LocMemCache"):
        return [
            Warning(
                "The cache is each process's own memory: the login throttle and rate limits "
                "count per worker, not per site.",
                hint="Set REDIS_URL (see docs/deploy.md).",
                id="kowes.W001",
            )
        ]
    return []


@register(Tags.security, deploy=True)
def check_two_factor_required(app_configs, **kwargs):
    if not (settings.TWO_FACTOR_REQUIRED_FOR_SUPERUSERS and settings.TWO_FACTOR_REQUIRED_GROUPS):
        return [
            Warning(
                "Two-factor authentication is not required of superusers and coordinators.",
                hint="Leave TWO_FACTOR_REQUIRED_FOR_SUPERUSERS and TWO_FACTOR_REQUIRED_GROUPS "
                "unset in production.",
                id="kowes.W002",
            )
        ]
    return []
