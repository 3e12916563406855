"""Bylines and tag links carry their write-up's publish time while it is public
(``published_at``, with an index each), so author and tag pages read a page of
pieces from the link table's index; the unused ``reviews_writeup_updated`` goes.

Why, with the plans: docs/performance.md, "Author and tag pages".
"""

from django.db import migrations, models
from django.db.models import OuterRef, Subquery

# (model, its foreign key to the write-up)
LINKS = (("WriteUpAuthor", "writeup"), ("TaggedWriteUp", "content_object"))


def copy_listing(apps, schema_editor):
    """What ListedCopy.copy_listing does, on the historical models: one UPDATE a table."""
    using = schema_editor.connection.alias
    writeups = apps.get_model("reviews", "WriteUp")._base_manager.using(using)
    for name, writeup_field in LINKS:
        listed = writeups.filter(
            pk=OuterRef(writeup_field), status="published", trashed_at=None
        ).values("published_at")
        links = apps.get_model("reviews", name)._base_manager.using(using)
        links.update(published_at=Subquery(listed))


class Migration(migrations.Migration):
    dependencies = [
        ("reviews", "0019_mentions_mention"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="writeup",
            name="reviews_writeup_updated",
        ),
        migrations.AddField(
            model_name="taggedwriteup",
            name="published_at",
            field=models.DateTimeField(editable=False, null=True, serialize=False),
        ),
        migrations.AddField(
            model_name="writeupauthor",
            name="published_at",
            field=models.DateTimeField(editable=False, null=True, serialize=False),
        ),
        migrations.AddIndex(
            model_name="taggedwriteup",
            index=models.Index(
                fields=["tag", "published_at", "content_object"],
                name="reviews_taggedwriteup_listed",
            ),
        ),
        migrations.AddIndex(
            model_name="writeupauthor",
            index=models.Index(
                fields=["author", "published_at", "writeup"], name="reviews_byline_listed"
            ),
        ),
        migrations.RunPython(copy_listing, migrations.RunPython.noop, elidable=True),
    ]
