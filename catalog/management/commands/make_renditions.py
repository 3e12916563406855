"""Make the renditions and WebP copies of every stored image: posters, photos, lead images.

Images stored before the WebP copies existed have none, and pages offer WebP only
for an image whose WebP column says its copies were made: run this once after the
deploy that brought them (docs/images.md). Safe to run again at any time.
"""

from collections import Counter

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from PIL import Image

from catalog.images import make_renditions
from catalog.models.fields import STORAGE_ERRORS, ImageWithRenditionsField
from reviews_site.cache import invalidate

# A stored master Pillow cannot use (not a JPEG, truncated, ...): reported, then the next one.
UNUSABLE = (*STORAGE_ERRORS, Image.DecompressionBombError, ValueError, SyntaxError)


def image_fields():
    """(model, field) for every ImageWithRenditionsField of an installed model."""
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, ImageWithRenditionsField):
                yield model, field


class Command(BaseCommand):
    help = (
        "Make every JPEG rendition and WebP copy of every stored poster, photo and lead "
        "image, and mark the images whose WebP copies now exist so that pages offer them."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--missing-only",
            action="store_true",
            help="Only make the copies the storage lacks; leave the stored ones as they are.",
        )

    def handle(self, *args, missing_only=False, **options):
        totals = Counter()
        for model, field in image_fields():
            counts = self.make_for(model, field, missing_only, options["verbosity"])
            self.stdout.write(
                f"{model._meta.verbose_name_plural.capitalize()} ({field.verbose_name}): "
                f"{counts['images']} image(s), {counts['files']} file(s) written, "
                f"{counts['marked']} newly offered as WebP, "
                f"{counts['missing']} missing from the storage, {counts['failed']} failed."
            )
            totals.update(counts)
        if totals["marked"]:
            invalidate(schedule_changed=False)  # update() sends no signal: retire the pages here
        if totals["failed"]:
            raise CommandError(f"{totals['failed']} image(s) could not be processed (see above).")

    def make_for(self, model, field, missing_only, verbosity):
        counts = Counter()
        manager = model._base_manager
        rows = (
            manager.exclude(**{field.attname: ""})
            .exclude(**{f"{field.attname}__isnull": True})
            .order_by("pk")
            .values_list("pk", field.attname)
        )
        for pk, name in rows.iterator():
            counts["images"] += 1
            try:
                if not field.storage.exists(name):
                    counts["missing"] += 1
                    self.stderr.write(f"{model._meta.label} {pk}: {name} is not in the storage.")
                    continue
                written = make_renditions(
                    field.storage, name, field.rendition_widths, missing_only=missing_only
                )
            except UNUSABLE as error:
                counts["failed"] += 1
                self.stderr.write(f"{model._meta.label} {pk}: {name}: {error}")
                continue
            counts["files"] += written
            if verbosity >= 2:
                self.stdout.write(f"  {name}: {written} file(s) written")
            if field.webp_field:
                # Only if the row still holds this image (an editor may have replaced it since).
                unmarked = manager.filter(pk=pk, **{field.attname: name, field.webp_field: False})
                counts["marked"] += unmarked.update(**{field.webp_field: True})
        return counts
