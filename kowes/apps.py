from django.apps import AppConfig


class KowesConfig(AppConfig):
    """The project package as an app: site-wide template tags and management commands."""

    name = "kowes"
    verbose_name = "KOWES"

    def ready(self):
        from kowes import (
            checks,  # noqa: F401  (registers the deployment checks)
            page_cache,
        )

        page_cache.connect_receivers()
