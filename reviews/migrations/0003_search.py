"""The write-up search index: an FTS5 table on SQLite, a tsvector table on PostgreSQL.

Each database gets only its own table (the models are unmanaged, so Django
creates neither). Migration 0013 drops the models and PostgreSQL's table, and
fills the index (reviews_site.search.index keeps it in step since).
"""

import django.contrib.postgres.search
import django.db.models.deletion
from django.db import migrations, models

SQLITE_CREATE = [
    # Porter stemming for English, unicode61 for every script (Hangul words
    # stay whole), accents folded; prefix indexes for the short prefixes a
    # search asks for.
    "CREATE VIRTUAL TABLE reviews_writeup_fts USING fts5("
    "title, standfirst, body, tags, "
    "tokenize = 'porter unicode61 remove_diacritics 2', prefix = '2 3')",
    # bm25 column weights, stored in the table: title, standfirst, body, tags.
    "INSERT INTO reviews_writeup_fts (reviews_writeup_fts, rank) "
    "VALUES ('rank', 'bm25(10.0, 4.0, 1.0, 4.0)')",
]
SQLITE_DROP = ["DROP TABLE IF EXISTS reviews_writeup_fts"]

POSTGRESQL_CREATE = [
    "CREATE TABLE reviews_writeup_tsv (writeup_id bigint PRIMARY KEY, document tsvector NOT NULL)",
    "CREATE INDEX reviews_writeup_tsv_document ON reviews_writeup_tsv USING gin (document)",
]
POSTGRESQL_DROP = ["DROP TABLE IF EXISTS reviews_writeup_tsv"]


def _run(schema_editor, statements_by_vendor):
    for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
        schema_editor.execute(statement)


def create_index_table(apps, schema_editor):
    _run(schema_editor, {"sqlite": SQLITE_CREATE, "postgresql": POSTGRESQL_CREATE})


def drop_index_table(apps, schema_editor):
    _run(schema_editor, {"sqlite": SQLITE_DROP, "postgresql": POSTGRESQL_DROP})


class Migration(migrations.Migration):
    dependencies = [
        ("reviews", "0002_editors_group"),
    ]

    operations = [
        migrations.CreateModel(
            name="WriteUpFullText",
            fields=[
                (
                    "writeup",
                    models.OneToOneField(
                        db_column="rowid",
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        primary_key=True,
                        related_name="fulltext_entry",
                        serialize=False,
                        to="reviews.writeup",
                    ),
                ),
                ("title", models.TextField()),
                ("standfirst", models.TextField()),
                ("body", models.TextField()),
                ("tags", models.TextField()),
                ("fts", models.TextField(db_column="reviews_writeup_fts")),
                ("rank", models.FloatField()),
            ],
            options={
                "verbose_name": "write-up full-text entry (SQLite)",
                "db_table": "reviews_writeup_fts",
                "default_permissions": (),
                "managed": False,
            },
        ),
        migrations.CreateModel(
            name="WriteUpSearchVector",
            fields=[
                (
                    "writeup",
                    models.OneToOneField(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        primary_key=True,
                        related_name="vector_entry",
                        serialize=False,
                        to="reviews.writeup",
                    ),
                ),
                ("document", django.contrib.postgres.search.SearchVectorField()),
            ],
            options={
                "verbose_name": "write-up search vector (PostgreSQL)",
                "db_table": "reviews_writeup_tsv",
                "default_permissions": (),
                "managed": False,
            },
        ),
        migrations.RunPython(create_index_table, drop_index_table),
    ]
