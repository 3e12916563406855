"""Name search: every stored key refolded, and trigram indexes on PostgreSQL.

fold() learned "sh" -> "s" (catalog.names), so every ``search_names`` key is
computed again, with the historical models and the current fold().

The trigram indexes are made when pg_trgm can be had.
The extension is created if the database role may create it (it is a
trusted extension from PostgreSQL 13, so a database owner usually may); when
it may not, the migration still succeeds and search works without the near
miss matching (reviews.search.backends detects the extension at run time).
The GIN trigram indexes serve both the ``LIKE '%key%'`` name match and the
trigram similarity. Nothing happens on SQLite.
"""

from django.db import DatabaseError, migrations, transaction

from catalog.names import search_key

TABLES = ("catalog_show", "catalog_person", "catalog_credit", "catalog_song")


def _refold(model, names_of, prefetch=()):
    changed = []
    for row in model.objects.prefetch_related(*prefetch).iterator(chunk_size=1000):
        key = search_key(*names_of(row))
        if key != row.search_names:
            row.search_names = key
            changed.append(row)
    model.objects.bulk_update(changed, ["search_names"], batch_size=500)


def refold_search_names(apps, schema_editor):
    def model(name):
        return apps.get_model("catalog", name)

    _refold(
        model("Show"),
        lambda show: [
            show.title,
            show.native_title,
            *(t.title for t in show.alternative_titles.all()),
        ],
        prefetch=["alternative_titles"],
    )
    _refold(
        model("Person"),
        lambda person: [
            person.name,
            person.native_name,
            *(n.name for n in person.alternative_names.all()),
        ],
        prefetch=["alternative_names"],
    )
    _refold(
        model("Credit"),
        lambda credit: (
            [credit.character_name, *credit.character_aliases.split(";")]
            if credit.role == "cast"
            else []
        ),
    )
    _refold(model("Song"), lambda song: [song.title, song.native_title])


def _has_trigram(cursor):
    cursor.execute("SELECT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm')")
    return cursor.fetchone()[0]


def create_trigram_indexes(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        if not _has_trigram(cursor):
            try:
                # A savepoint, so that a refusal does not abort the migration.
                with transaction.atomic(using=connection.alias):
                    cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
            except DatabaseError:
                return
        for table in TABLES:
            cursor.execute(
                f"CREATE INDEX IF NOT EXISTS {table}_search_trgm "
                f"ON {table} USING gin (search_names gin_trgm_ops)"
            )


def drop_trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {table}_search_trgm")


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0002_image_dimensions"),
    ]

    operations = [
        migrations.RunPython(refold_search_names, migrations.RunPython.noop),
        migrations.RunPython(create_trigram_indexes, drop_trigram_indexes),
    ]
