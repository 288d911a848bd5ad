"""Reference data: the starting list of sectors (editable afterwards); and the folded
name and search text of entities that existed before those columns did."""

from django.db import migrations
from django.utils.text import slugify

SECTORS = [
    "Gastronomia i catering",
    "Sprzątanie i utrzymanie czystości",
    "Budownictwo i remonty",
    "Zieleń i ogrodnictwo",
    "Usługi opiekuńcze",
    "Rękodzieło i rzemiosło",
    "Turystyka i rekreacja",
    "Edukacja i szkolenia",
    "Kultura i animacja",
    "Usługi pralnicze i krawieckie",
    "Transport i przeprowadzki",
    "Rolnictwo i przetwórstwo żywności",
    "Poligrafia i usługi biurowe",
]


def slug(name):
    return slugify(name.replace("ł", "l").replace("Ł", "L"))


def load_sectors(apps, schema_editor):
    Sector = apps.get_model("entities", "Sector")
    for position, name in enumerate(SECTORS, start=1):
        Sector.objects.get_or_create(
            slug=slug(name), defaults={"name": name, "position": position}
        )


def fill_search_text(apps, schema_editor):
    from entities.search import fold

    Entity = apps.get_model("entities", "Entity")
    for entity in Entity.objects.all():
        entity.sort_name = fold(entity.name)[:250]
        entity.search_text = fold(
            " ".join([entity.name, entity.short_name, entity.description, entity.offer])
        )
        entity.save(update_fields=["sort_name", "search_text"])


class Migration(migrations.Migration):
    dependencies = [("entities", "0003_entity_details")]

    operations = [
        migrations.RunPython(load_sectors, migrations.RunPython.noop),
        migrations.RunPython(fill_search_text, migrations.RunPython.noop),
    ]
