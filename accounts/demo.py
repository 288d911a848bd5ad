"""Demo data: a local administrator account whose login ``make run`` prints."""

import os

from accounts.models import User

DEMO_ADMIN_USERNAME = "admin"


def load(*, command, options):
    password = os.environ.get("DEMO_ADMIN_PASSWORD", "kowes-demo-2013")
    if not User.objects.filter(username=DEMO_ADMIN_USERNAME).exists():
        User.objects.create_superuser(
            username=DEMO_ADMIN_USERNAME,
            email="admin@example.org",
            password=password,
            first_name="Administrator",
            last_name="KOWES",
        )
        command.stdout.write(f"Created the demo administrator {DEMO_ADMIN_USERNAME!r}.")
