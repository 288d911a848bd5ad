"""Reference data that data migrations load: the subregion, the sectors, the starting pages,
the kinds of support, the staff groups with their permissions and the first privacy notice.

A transactional test (every live-server browser test) empties the database when it ends,
and with --reuse-db the next run would start without that data too. The suite's conftest
puts it back before any test that uses the database, through the migrations' own loaders
(each is idempotent)."""

import importlib

from django.apps import apps
from django.contrib.auth.models import Group

from advisory.models import PrivacyNotice
from entities.models import Municipality, Sector
from pages.models import Page
from projects.models import SupportKind

# (migration module, its loader, a check that the data is there)
LOADERS = [
    ("entities.migrations.0002_konin_subregion", "load", Municipality.objects.exists),
    ("entities.migrations.0004_sectors_and_search_text", "load_sectors", Sector.objects.exists),
    ("pages.migrations.0002_starting_pages", "load", Page.objects.exists),
    ("projects.migrations.0002_support_kinds", "load", SupportKind.objects.exists),
    (
        "advisory.migrations.0002_privacy_notice_and_roles",
        "load",
        lambda: PrivacyNotice.objects.exists() and Group.objects.filter(name="Advisors").exists(),
    ),
    (
        "advisory.migrations.0003_roles_for_entities_and_projects",
        "load",
        Group.objects.filter(name="Advisors", permissions__codename="change_support").exists,
    ),
]


def ensure_reference_data():
    for module, loader, present in LOADERS:
        if not present():
            getattr(importlib.import_module(module), loader)(apps, None)
