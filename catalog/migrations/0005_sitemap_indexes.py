"""Indexes on ``updated_at``: the sitemap's latest change of a section is one seek.

catalog.sitemaps reads the newest ``updated_at`` of shows, people and songs
for the sitemap index; without an index that is a walk over every row.
"""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("catalog", "0004_indexes"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="show",
            index=models.Index(fields=["updated_at"], name="catalog_show_updated"),
        ),
        migrations.AddIndex(
            model_name="person",
            index=models.Index(fields=["updated_at"], name="catalog_person_updated"),
        ),
        migrations.AddIndex(
            model_name="song",
            index=models.Index(fields=["updated_at"], name="catalog_song_updated"),
        ),
    ]
