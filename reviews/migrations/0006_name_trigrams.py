"""SQLite: FTS5 trigram indexes of the catalog's search names (reviews.search.name_index).

They let a name search read the matching rows instead of every show, person,
credit and song. Each is filled when it is created and then kept in step by
triggers. Nothing happens on PostgreSQL, whose GIN trigram indexes
(catalog migration 0003) do the same.
"""

from django.db import migrations

from reviews.search import name_index


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    for table in name_index.TABLES:
        for statement in name_index.create_table(table) + name_index.create_triggers(table):
            schema_editor.execute(statement)


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    for table in name_index.TABLES:
        for statement in name_index.drop_table(table):
            schema_editor.execute(statement)


class Migration(migrations.Migration):

    dependencies = [
        ("catalog", "0005_sitemap_indexes"),
        ("reviews", "0005_sitemap_index"),
    ]

    operations = [
        migrations.RunPython(create_indexes, drop_indexes, elidable=False),
    ]
