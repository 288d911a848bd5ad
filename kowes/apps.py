from django.apps import AppConfig


class KowesConfig(AppConfig):
    """The project package as an app: site-wide template tags and management commands."""

    name = "kowes"
    verbose_name = "KOWES"
