"""PostgreSQL: pg_trgm is required from now on, with a GIN trigram index on every
searched table's ``search_names`` (reviews_site.search.backends).

Migration 0003 went on without them when the database role could not create
the extension; on such a database this migration stops until someone who may
runs ``CREATE EXTENSION pg_trgm``. Nothing happens on SQLite.
"""

from django.db import migrations

TABLES = ("catalog_show", "catalog_person", "catalog_credit", "catalog_song")


def create_trigram_indexes(apps, schema_editor):
    # Not Django's TrigramExtension: its reverse queries pg_extension on SQLite too.
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for table in TABLES:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {table}_search_trgm "
            f"ON {table} USING gin (search_names gin_trgm_ops)"
        )


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0009_version_for_conflicting_saves"),
    ]

    operations = [
        migrations.RunPython(create_trigram_indexes, migrations.RunPython.noop),
    ]
