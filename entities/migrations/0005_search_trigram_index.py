"""On PostgreSQL, a trigram index makes the directory's ``LIKE '%word%'`` search use an
index instead of reading every row. It needs the pg_trgm extension (trusted since
PostgreSQL 13: a database owner may create it). Where it cannot be created, the search
still works, only without the index; SQLite gets nothing here."""

from django.db import migrations, transaction

INDEX = "entities_entity_search_trgm"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    try:
        with transaction.atomic(using=schema_editor.connection.alias):
            schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
            schema_editor.execute(
                f"CREATE INDEX IF NOT EXISTS {INDEX} ON entities_entity "
                "USING gin (search_text gin_trgm_ops)"
            )
    except Exception as error:  # noqa: BLE001 - the index is an optimisation only
        print(f"\n  Skipped the trigram index of the directory search: {error}")


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("entities", "0004_sectors_and_search_text")]

    operations = [migrations.RunPython(create_index, drop_index)]
