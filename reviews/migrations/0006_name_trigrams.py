"""SQLite: FTS5 trigram indexes of the catalog's search names, kept in step by triggers.

They let a name search read the matching rows instead of every show, person,
credit and song (reviews_site.search.name_index, which also puts back the
triggers a table rebuild drops). Nothing happens on PostgreSQL, whose GIN
trigram indexes (catalog migration 0003) do the same.
"""

from django.db import migrations

TABLES = ("catalog_show", "catalog_person", "catalog_credit", "catalog_song")


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    for table in TABLES:
        index = f"{table}_trigrams"
        # Delete before every insert: a row the index missed is then no error.
        remove = f"DELETE FROM {index} WHERE rowid = old.id;"
        add = (
            f"DELETE FROM {index} WHERE rowid = new.id; "
            f"INSERT INTO {index} (rowid, search_names) VALUES (new.id, new.search_names);"
        )
        for statement in [
            f"CREATE VIRTUAL TABLE {index} USING fts5(search_names, tokenize='trigram')",
            f"INSERT INTO {index} (rowid, search_names) SELECT id, search_names FROM {table}",
            f"CREATE TRIGGER {index}_insert AFTER INSERT ON {table} BEGIN {add} END",
            f"CREATE TRIGGER {index}_delete AFTER DELETE ON {table} BEGIN {remove} END",
            f"CREATE TRIGGER {index}_update AFTER UPDATE OF search_names ON {table} "
            f"BEGIN {remove} {add} END",
        ]:
            schema_editor.execute(statement)


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    for table in TABLES:
        for statement in [
            *(f"DROP TRIGGER IF EXISTS {table}_trigrams_{event}" for event in ("insert", "delete", "update")),
            f"DROP TABLE IF EXISTS {table}_trigrams",
        ]:
            schema_editor.execute(statement)


class Migration(migrations.Migration):

    dependencies = [
        ("catalog", "0005_sitemap_indexes"),
        ("reviews", "0005_sitemap_index"),
    ]

    operations = [
        migrations.RunPython(create_indexes, drop_indexes, elidable=False),
    ]
