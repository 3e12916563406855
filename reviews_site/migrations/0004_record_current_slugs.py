"""Record the slug every existing show, person, song, author, write-up and tag has now.

From here on, saves record every slug (reviews_site.old_slugs); the slugs
rows had before this migration were never kept, so they cannot redirect.
Plain code over the historical models, in batches.
"""

from django.db import migrations

TRACKED = [
    ("catalog", "show"),
    ("catalog", "person"),
    ("catalog", "song"),
    ("reviews", "author"),
    ("reviews", "writeup"),
    ("taggit", "tag"),
]
BATCH_SIZE = 2000


def record_current_slugs(apps, schema_editor):
    db = schema_editor.connection.alias
    ContentType = apps.get_model("contenttypes", "ContentType")
    SlugHistory = apps.get_model("reviews_site", "SlugHistory")
    for app_label, model_name in TRACKED:
        model = apps.get_model(app_label, model_name)
        slugs = model.objects.using(db).order_by("pk").values_list("slug", flat=True)
        if not slugs.exists():
            continue
        content_type, _ = ContentType.objects.using(db).get_or_create(
            app_label=app_label, model=model_name
        )
        known = set(
            SlugHistory.objects.using(db)
            .filter(content_type=content_type)
            .values_list("slug", flat=True)
        )
        rows = [
            SlugHistory(content_type=content_type, slug=slug, current_slug=slug)
            for slug in slugs.iterator(chunk_size=BATCH_SIZE)
            if slug not in known
        ]
        SlugHistory.objects.using(db).bulk_create(rows, batch_size=BATCH_SIZE)


class Migration(migrations.Migration):
    dependencies = [
        ("reviews_site", "0003_slug_history_and_loaded_content"),
        # After the repair of empty and odd slugs, so that the repaired ones are recorded.
        ("catalog", "0007_repair_slugs"),
        ("reviews", "0010_repair_slugs"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    # Backwards there is nothing to undo: the rows are what saves would have recorded.
    operations = [migrations.RunPython(record_current_slugs, migrations.RunPython.noop)]
