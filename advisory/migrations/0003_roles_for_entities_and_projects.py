"""The staff groups' permissions on the models that came after 0002.

0002 created the groups when the projects app and the entities app's newer models (sectors,
cooperative details) were not in its part of the migration graph, so whether Coordinators
got them depended on the order the migrations ran in, and Advisors could not edit the
cooperative details and support records on an entity's page. This migration runs after
the latest migrations of every app whose models the roles cover and grants:

- Coordinators: everything on the entities, projects, news and pages models; on the
  advisory models everything but deleting, which stays as 0002 has it (sessions and
  advisor profiles only: deleting a request or a sent e-mail would falsify the record).
- Advisors: view, add and change on entity records, cooperative details and support
  records; view on projects, kinds of support, sectors, municipalities and counties
  (what the entity page's autocompletes and filters need); their own advisory records
  as 0002 grants them.
- Editors: news and pages, as 0002 grants them, and nothing else.

Permissions are only added, never taken away, so running it on a database staff have
already adjusted keeps their additions.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITOR_APPS = ("news", "pages")
COORDINATOR_APPS = ("entities", "projects", "news", "pages")
# Coordinators may delete only what deleting cannot falsify (as in 0002).
COORDINATOR_ADVISORY_DELETES = ("delete_advisorysession", "delete_advisor")
# Advisors on the entities: what 0002 grants, and what this migration adds.
ADVISORS_IN_0002 = [
    ("entities", "view_entity"),
    ("entities", "add_entity"),
    ("entities", "change_entity"),
    ("entities", "view_municipality"),
    ("entities", "view_county"),
]
NEW_ADVISORS = [
    ("entities", "view_cooperativedetails"),
    ("entities", "add_cooperativedetails"),
    ("entities", "change_cooperativedetails"),
    ("entities", "view_sector"),
    ("projects", "view_support"),
    ("projects", "add_support"),
    ("projects", "change_support"),
    ("projects", "view_project"),
    ("projects", "view_supportkind"),
]
# The entities models that came after 0002 (reversing takes them from Coordinators).
NEW_ENTITIES_MODELS = ("sector", "cooperativedetails")


def _create_permissions(apps):
    """The permissions of every model in the graph so far: Django creates them only after
    the last migration, and this one needs them now."""
    for app_config in apps.get_app_configs():
        models_module = getattr(app_config, "models_module", None)
        app_config.models_module = models_module or True
        try:
            create_permissions(app_config, verbosity=0)
        finally:
            app_config.models_module = models_module


def _permissions(Permission, pairs):
    return [
        Permission.objects.get(content_type__app_label=app_label, codename=codename)
        for app_label, codename in pairs
    ]


def load(apps, schema_editor):
    _create_permissions(apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")

    editors, _ = Group.objects.get_or_create(name="Editors")
    editors.permissions.add(*Permission.objects.filter(content_type__app_label__in=EDITOR_APPS))

    advisors, _ = Group.objects.get_or_create(name="Advisors")
    advisors.permissions.add(*_permissions(Permission, ADVISORS_IN_0002 + NEW_ADVISORS))

    coordinators, _ = Group.objects.get_or_create(name="Coordinators")
    advisory = Permission.objects.filter(content_type__app_label="advisory")
    coordinators.permissions.add(
        *Permission.objects.filter(content_type__app_label__in=COORDINATOR_APPS),
        *advisory.exclude(codename__startswith="delete_"),
        *advisory.filter(codename__in=COORDINATOR_ADVISORY_DELETES),
    )


def unload(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for advisors in Group.objects.filter(name="Advisors"):
        advisors.permissions.remove(*_permissions(Permission, NEW_ADVISORS))
    for coordinators in Group.objects.filter(name="Coordinators"):
        coordinators.permissions.remove(
            *Permission.objects.filter(content_type__app_label="projects"),
            *Permission.objects.filter(
                content_type__app_label="entities",
                content_type__model__in=NEW_ENTITIES_MODELS,
            ),
        )


class Migration(migrations.Migration):
    dependencies = [
        ("advisory", "0002_privacy_notice_and_roles"),
        ("entities", "0005_search_trigram_index"),
        ("projects", "0002_support_kinds"),
        ("news", "0002_post_status_valid"),
        ("pages", "0002_starting_pages"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(load, unload)]
