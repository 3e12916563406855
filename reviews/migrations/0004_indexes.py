"""Indexes for what readers' pages filter, sort and count by (docs/performance.md).

The new indexes are built before the two they replace are dropped, so
there is no moment without one. ``reviews_writeup_published`` extends
``reviews_writeup_status_date`` with ``updated_at``; ``reviews_writeup_show_rating``
replaces ``reviews_writeup_show_date`` with status first and the rating last.
"""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("reviews", "0003_search"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="writeup",
            index=models.Index(
                fields=["status", "published_at", "updated_at"], name="reviews_writeup_published"
            ),
        ),
        migrations.AddIndex(
            model_name="writeup",
            index=models.Index(
                fields=["status", "show", "published_at", "rating"],
                name="reviews_writeup_show_rating",
            ),
        ),
        migrations.AddIndex(
            model_name="writeup",
            index=models.Index(fields=["id", "status", "published_at"], name="reviews_writeup_visible"),
        ),
        migrations.AddIndex(
            model_name="taggedwriteup",
            index=models.Index(fields=["tag", "content_object"], name="reviews_taggedwriteup_tag"),
        ),
        migrations.RemoveIndex(
            model_name="writeup",
            name="reviews_writeup_status_date",
        ),
        migrations.RemoveIndex(
            model_name="writeup",
            name="reviews_writeup_show_date",
        ),
    ]
