"""Reference data: the kinds of support an OWES gives (editable afterwards)."""

from django.db import migrations

SUPPORT_KINDS = [
    ("doradztwo", "Doradztwo (prawne, księgowe, biznesowe, marketingowe)"),
    ("szkolenia", "Szkolenia"),
    ("dotacja", "Dotacja na utworzenie miejsc pracy"),
    ("wsparcie-pomostowe", "Wsparcie pomostowe"),
    ("animacja", "Animacja i inkubacja"),
    ("mentoring", "Mentoring i coaching"),
    ("promocja", "Promocja i marketing"),
]


def load(apps, schema_editor):
    SupportKind = apps.get_model("projects", "SupportKind")
    for position, (slug, name) in enumerate(SUPPORT_KINDS, start=1):
        SupportKind.objects.get_or_create(slug=slug, defaults={"name": name, "position": position})


class Migration(migrations.Migration):
    dependencies = [("projects", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
