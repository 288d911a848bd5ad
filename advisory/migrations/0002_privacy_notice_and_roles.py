"""The first information clause, and the staff groups with their permissions.

Editors: news and pages. Advisors: their own sessions, the requests assigned to them,
their profile and the entity records. Coordinators: the whole back office and reports.
Which records an advisor sees is decided per object in advisory/admin.py; these are the
model-level permissions.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

PRIVACY_NOTICE = """Administratorem Twoich danych osobowych jest stowarzyszenie prowadzące Koniński Ośrodek Wsparcia Ekonomii Społecznej (KOWES), Konin. Dane z formularza (imię i nazwisko, e-mail, telefon, gmina, opis potrzeby) przetwarzamy, aby odpowiedzieć na zgłoszenie i udzielić wsparcia w projekcie współfinansowanym z Europejskiego Funduszu Społecznego (art. 6 ust. 1 lit. e RODO w związku z realizacją projektu). Podanie danych jest dobrowolne, ale bez nich nie możemy odpowiedzieć.

Dane przechowujemy przez czas obsługi zgłoszenia, a potem przez okres wymagany przez zasady projektu; następnie je anonimizujemy. Odbiorcami mogą być instytucje kontrolujące projekt. Masz prawo dostępu do danych, ich sprostowania, usunięcia lub ograniczenia przetwarzania, wniesienia sprzeciwu oraz skargi do Prezesa UODO. Nie pytamy o numer PESEL ani o dane o zdrowiu: prosimy ich nie wpisywać."""

LEGAL_BASIS = "art. 6 ust. 1 lit. e RODO"

EDITORS = {
    "news": ["post", "category"],
    "pages": ["page", "fundinglogo"],
}
ADVISORS = [
    ("advisory", "view_advisorysession"),
    ("advisory", "add_advisorysession"),
    ("advisory", "change_advisorysession"),
    ("advisory", "view_supportrequest"),
    ("advisory", "change_supportrequest"),
    ("advisory", "view_advisor"),
    ("advisory", "change_advisor"),
    ("entities", "view_entity"),
    ("entities", "add_entity"),
    ("entities", "change_entity"),
    ("entities", "view_municipality"),
    ("entities", "view_county"),
]
# Coordinators may delete only what deleting cannot falsify: sessions and advisor profiles.
COORDINATOR_DELETES = {"delete_advisorysession", "delete_advisor"}


def load(apps, schema_editor):
    for app_config in apps.get_app_configs():
        # A historical app has no models module, and create_permissions() skips those;
        # tests/reference.py passes the real apps, whose modules must stay as they are.
        models_module = getattr(app_config, "models_module", None)
        app_config.models_module = models_module or True
        create_permissions(app_config, verbosity=0)
        app_config.models_module = models_module

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    PrivacyNotice = apps.get_model("advisory", "PrivacyNotice")

    if not PrivacyNotice.objects.exists():
        PrivacyNotice.objects.create(version=1, body=PRIVACY_NOTICE, legal_basis=LEGAL_BASIS)

    def perms(pairs):
        found = []
        for app_label, codename in pairs:
            found.append(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )
        return found

    editor_pairs = [
        (app, f"{action}_{model}")
        for app, models in EDITORS.items()
        for model in models
        for action in ("add", "change", "delete", "view")
    ]
    editors, _ = Group.objects.get_or_create(name="Editors")
    editors.permissions.add(*perms(editor_pairs))

    advisors, _ = Group.objects.get_or_create(name="Advisors")
    advisors.permissions.add(*perms(ADVISORS))

    coordinators, _ = Group.objects.get_or_create(name="Coordinators")
    advisory = Permission.objects.filter(content_type__app_label="advisory").exclude(
        codename__startswith="delete_"
    )
    coordinators.permissions.add(
        *advisory,
        *Permission.objects.filter(
            content_type__app_label="advisory", codename__in=COORDINATOR_DELETES
        ),
        *Permission.objects.filter(content_type__app_label="entities"),
        *perms(editor_pairs),
    )


def unload(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(
        name__in=["Editors", "Advisors", "Coordinators"]
    ).delete()
    apps.get_model("advisory", "PrivacyNotice").objects.filter(version=1).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("advisory", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("news", "0001_initial"),
        ("pages", "0002_starting_pages"),
    ]

    operations = [migrations.RunPython(load, unload)]
