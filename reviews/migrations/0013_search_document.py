"""Write-up search on Django's own machinery (reviews_site.search).

PostgreSQL: the weighted ``search_document`` on the write-up with a GIN index
replaces the unmanaged ``reviews_writeup_tsv`` table. SQLite keeps its FTS5
table ``reviews_writeup_fts`` (migration 0003), no longer behind a model.
Both indexes are filled here for the write-ups already there; the signals
in reviews_site.search.index keep them in step from now on.
"""

import django.contrib.postgres.indexes
import django.contrib.postgres.search
from django.contrib.postgres.aggregates import StringAgg
from django.contrib.postgres.search import SearchVector
from django.db import migrations
from django.db.models import OuterRef, Subquery, TextField, Value
from django.db.models.functions import Coalesce, Concat, Substr

MAX_INDEXED_BODY = 100_000
SEARCH_INDEX = django.contrib.postgres.indexes.GinIndex(
    fields=["search_document"], name="reviews_writeup_search"
)


def drop_tsv_table(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP TABLE IF EXISTS reviews_writeup_tsv")


def add_search_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.add_index(apps.get_model("reviews", "WriteUp"), SEARCH_INDEX)


def remove_search_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.remove_index(apps.get_model("reviews", "WriteUp"), SEARCH_INDEX)
    else:
        # A later table rebuild on SQLite makes every index of the model state, this
        # one too (as a plain index): it must go before its column can.
        schema_editor.execute(f"DROP INDEX IF EXISTS {SEARCH_INDEX.name}")


def fill_index(apps, schema_editor):
    """What ``manage.py rebuild_search_index`` does, with the historical models."""
    connection = schema_editor.connection
    if connection.vendor == "postgresql":
        WriteUp = apps.get_model("reviews", "WriteUp")
        tags = (
            apps.get_model("reviews", "TaggedWriteUp")
            .objects.filter(content_object_id=OuterRef("pk"))
            .values("content_object_id")
            .annotate(names=StringAgg("tag__name", ", ", order_by="tag__name"))
            .values("names")
        )
        tags = Coalesce(Subquery(tags), Value(""), output_field=TextField())
        standfirst = Concat("standfirst", Value(" "), tags, output_field=TextField())
        WriteUp._base_manager.update(
            search_document=SearchVector("title", weight="A", config="english")
            + SearchVector(standfirst, weight="B", config="english")
            + SearchVector(Substr("body", 1, MAX_INDEXED_BODY), weight="D", config="english")
        )
        # Every row was rewritten: plan with fresh statistics, not the next autovacuum's.
        schema_editor.execute("ANALYZE reviews_writeup")
    elif connection.vendor == "sqlite":
        schema_editor.execute("DELETE FROM reviews_writeup_fts")
        schema_editor.execute(
            "INSERT INTO reviews_writeup_fts (rowid, title, standfirst, tags, body) "
            "SELECT w.id, w.title, w.standfirst, coalesce(("
            "SELECT group_concat(t.name, ', ') FROM reviews_taggedwriteup tw "
            "JOIN taggit_tag t ON t.id = tw.tag_id WHERE tw.content_object_id = w.id"
            f"), ''), substr(w.body, 1, {MAX_INDEXED_BODY}) FROM reviews_writeup w"
        )


class Migration(migrations.Migration):
    dependencies = [
        ("reviews", "0012_body_length_limit"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [
        migrations.DeleteModel(name="WriteUpFullText"),
        migrations.DeleteModel(name="WriteUpSearchVector"),
        migrations.RunPython(drop_tsv_table, migrations.RunPython.noop, elidable=False),
        migrations.AddField(
            model_name="writeup",
            name="search_document",
            field=django.contrib.postgres.search.SearchVectorField(
                editable=False, null=True, serialize=False
            ),
        ),
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.AddIndex(model_name="writeup", index=SEARCH_INDEX)],
            database_operations=[migrations.RunPython(add_search_index, remove_search_index)],
        ),
        migrations.RunPython(fill_index, migrations.RunPython.noop, elidable=False),
    ]
