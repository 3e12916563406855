"""Site-wide records: every address a page ever had, and which content sets were loaded."""

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone


class SlugHistoryManager(models.Manager):
    def get_by_natural_key(self, app_label, model, slug):
        return self.get(
            content_type=ContentType.objects.get_by_natural_key(app_label, model), slug=slug
        )


class SlugHistory(models.Model):
    """One slug an object of a kind has had, and the slug that object has now.

    Every slug a show, person, song, author, write-up or tag was ever saved
    with has a row, its current one included (``slug == current_slug``), so
    an old address leads to the object's page in one lookup and no other
    object of the kind can take it: the unique constraint refuses the second
    claim even when two saves race (reviews_site.old_slugs). Objects are named
    by their current slug, not their primary key, so that a natural-key dump
    of the site restores its old addresses too.
    """

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    slug = models.CharField(max_length=255)
    current_slug = models.CharField(max_length=255)
    recorded_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = SlugHistoryManager()

    class Meta:
        verbose_name = "old address"
        verbose_name_plural = "old addresses"
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "slug"], name="reviews_site_slughistory_unique_slug"
            ),
        ]
        indexes = [
            # Every slug of one object, when it is renamed or deleted.
            models.Index(fields=["content_type", "current_slug"], name="reviews_site_slug_current"),
        ]

    def __str__(self):
        return f"{self.slug} → {self.current_slug}"

    def natural_key(self):
        return (*self.content_type.natural_key(), self.slug)

    natural_key.dependencies = ["contenttypes.contenttype"]


class LoadedContent(models.Model):
    """A content set (the launch fixtures) that this database has been given, and when.

    ``load_launch_content`` loads a set only when it has no row here, so a
    restart never loads it again over editors' work.
    """

    class How(models.TextChoices):
        LOADED = "loaded", "Loaded from the fixtures"
        FOUND = "found", "Found already loaded (before loads were recorded)"

    name = models.CharField(max_length=60, help_text='The content set, e.g. "launch".')
    loaded_at = models.DateTimeField(default=timezone.now)
    how = models.CharField(max_length=10, choices=How.choices, default=How.LOADED)

    class Meta:
        verbose_name = "loaded content set"
        constraints = [
            models.UniqueConstraint(fields=["name"], name="reviews_site_loadedcontent_unique_name"),
        ]

    def __str__(self):
        return f"{self.name} ({self.get_how_display().lower()} {self.loaded_at:%Y-%m-%d %H:%M})"
