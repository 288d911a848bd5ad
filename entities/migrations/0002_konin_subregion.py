"""Reference data: the Konin subregion's counties and municipalities (editable afterwards)."""

from django.db import migrations
from django.utils.text import slugify

U, R, UR = "urban", "rural", "urban_rural"

SUBREGION = {
    ("Konin", True): [("Konin", U)],
    ("powiat koniński", False): [
        ("Golina", UR), ("Grodziec", R), ("Kazimierz Biskupi", R), ("Kleczew", UR),
        ("Kramsk", R), ("Krzymów", R), ("Rychwał", UR), ("Rzgów", R), ("Skulsk", R),
        ("Sompolno", UR), ("Stare Miasto", R), ("Ślesin", UR), ("Wierzbinek", R),
        ("Wilczyn", R),
    ],
    ("powiat kolski", False): [
        ("Koło (miasto)", U), ("Koło (gmina wiejska)", R), ("Babiak", R), ("Chodów", R),
        ("Dąbie", UR), ("Grzegorzew", R), ("Kłodawa", UR), ("Kościelec", R), ("Olszówka", R),
        ("Osiek Mały", R), ("Przedecz", UR),
    ],
    ("powiat słupecki", False): [
        ("Słupca (miasto)", U), ("Słupca (gmina wiejska)", R), ("Lądek", R), ("Orchowo", R),
        ("Ostrowite", R), ("Powidz", R), ("Strzałkowo", R), ("Zagórów", UR),
    ],
    ("powiat turecki", False): [
        ("Turek (miasto)", U), ("Turek (gmina wiejska)", R), ("Brudzew", R), ("Dobra", UR),
        ("Kawęczyn", R), ("Malanów", R), ("Przykona", R), ("Tuliszków", UR),
        ("Władysławów", R),
    ],
}  # fmt: skip


def slug(name):
    return slugify(name.replace("ł", "l").replace("Ł", "L"))


def load(apps, schema_editor):
    County = apps.get_model("entities", "County")
    Municipality = apps.get_model("entities", "Municipality")
    for (county_name, is_city), municipalities in SUBREGION.items():
        county, _ = County.objects.get_or_create(
            slug=slug(county_name), defaults={"name": county_name, "is_city": is_city}
        )
        for name, kind in municipalities:
            Municipality.objects.get_or_create(
                slug=slug(name), defaults={"name": name, "kind": kind, "county": county}
            )


class Migration(migrations.Migration):
    dependencies = [("entities", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
