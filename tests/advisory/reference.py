"""Reference data that migrations create (municipalities, staff groups, the first privacy
notice). A transactional test (the browser tests) flushes the database afterwards, and
with --reuse-db the next run would start without it: put it back when it is missing."""

import importlib

from django.apps import apps
from django.contrib.auth.models import Group

from advisory.models import PrivacyNotice
from entities.models import Municipality

LOADERS = [
    ("entities.migrations.0002_konin_subregion", lambda: Municipality.objects.exists()),
    (
        "advisory.migrations.0002_privacy_notice_and_roles",
        lambda: PrivacyNotice.objects.exists() and Group.objects.filter(name="Advisors").exists(),
    ),
]


def ensure_reference_data():
    for module, present in LOADERS:
        if not present():
            importlib.import_module(module).load(apps, None)
