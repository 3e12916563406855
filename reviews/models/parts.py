"""The rows that hang off a write-up: its byline, its scores and its tag links.

Each is known by the write-up's slug in fixtures (natural keys). They name
the write-up by its model name, so that writeups.py can use them in its
queryset without an import cycle.
"""

from django.db import models
from django.db.models import F, OuterRef, Q, Subquery
from taggit.models import TaggedItemBase

from .people import Author


class ListedCopy(models.Model):
    """A link row that carries its write-up's place in the public lists.

    ``published_at`` is the write-up's publish time while it is published
    and not in the trash, NULL otherwise, so an author's or a tag's newest
    visible pieces are read from this table's index a page at a time
    (docs/performance.md, "Author and tag pages"). Kept by ``WriteUp.save``,
    this model's ``save`` and, for loaddata and bulk writes, ``copy_listing``.
    """

    # The name of the foreign key to the write-up.
    writeup_field = "writeup"

    published_at = models.DateTimeField(null=True, editable=False, serialize=False)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        writeup = getattr(self, self.writeup_field)
        self.published_at = writeup.listed_at
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "published_at"}
        super().save(*args, **kwargs)

    @classmethod
    def copy_listing(cls, rows=None):
        """Set ``published_at`` of ``rows`` (all when None) from their write-ups: one UPDATE."""
        from .writeups import WriteUp

        rows = cls._base_manager.all() if rows is None else rows
        listed = WriteUp._base_manager.filter(
            pk=OuterRef(cls.writeup_field), status=WriteUp.Status.PUBLISHED, trashed_at=None
        ).values("published_at")
        return rows.update(published_at=Subquery(listed))


class BylineManager(models.Manager):
    def get_by_natural_key(self, writeup_slug, author_slug):
        return self.get(writeup__slug=writeup_slug, author__slug=author_slug)


class WriteUpAuthor(ListedCopy):
    """One name in a write-up's byline, in order."""

    writeup = models.ForeignKey("WriteUp", on_delete=models.CASCADE, related_name="bylines")
    author = models.ForeignKey(Author, on_delete=models.PROTECT, related_name="bylines")
    order = models.PositiveSmallIntegerField(default=0)

    objects = BylineManager()

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = "byline"
        constraints = [
            models.UniqueConstraint(fields=["writeup", "author"], name="reviews_byline_unique"),
        ]
        indexes = [
            # An author's page: their newest visible pieces (ListedCopy).
            models.Index(
                fields=["author", "published_at", "writeup"], name="reviews_byline_listed"
            ),
        ]

    def __str__(self):
        return f"{self.author} on {self.writeup}"

    def natural_key(self):
        return (*self.writeup.natural_key(), *self.author.natural_key())

    natural_key.dependencies = ["reviews.writeup", "reviews.author"]


class ScoreManager(models.Manager):
    def get_by_natural_key(self, writeup_slug, label):
        return self.get(writeup__slug=writeup_slug, label=label)


class Score(models.Model):
    """One labelled score of a write-up: "Oppa" 4.9 / 5, "Story" 8 / 10."""

    writeup = models.ForeignKey("WriteUp", on_delete=models.CASCADE, related_name="scores")
    label = models.CharField(max_length=60, help_text='Who or what is scored: "Oppa", "Story".')
    value = models.DecimalField(max_digits=5, decimal_places=2)
    scale = models.DecimalField(
        max_digits=5, decimal_places=2, default=10, help_text="The best possible value: 5, 10, 100."
    )
    order = models.PositiveSmallIntegerField(default=0)

    objects = ScoreManager()

    class Meta:
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["writeup", "label"], name="reviews_score_unique_label"),
            models.CheckConstraint(
                condition=Q(scale__gt=0),
                name="reviews_score_scale_positive",
                violation_error_message="The scale must be above zero.",
            ),
            models.CheckConstraint(
                condition=Q(value__gte=0) & Q(value__lte=F("scale")),
                name="reviews_score_value_within_scale",
                violation_error_message="A score must be between 0 and its scale.",
            ),
        ]

    def __str__(self):
        return f"{self.label}: {self.value.normalize():f} / {self.scale.normalize():f}"

    def natural_key(self):
        return (*self.writeup.natural_key(), self.label)

    natural_key.dependencies = ["reviews.writeup"]


class TaggedWriteUpManager(models.Manager):
    def get_by_natural_key(self, writeup_slug, tag_name):
        return self.get(content_object__slug=writeup_slug, tag__name=tag_name)


class TaggedWriteUp(TaggedItemBase, ListedCopy):  # noqa: DJ008 (taggit's ItemBase has __str__)
    """The explicit taggit through model, with a natural key that survives dumpdata.

    taggit's stock TaggedItem is known by its object_id alone, so a
    ``dumpdata --natural-primary`` round trip loses which write-up a tag was on.
    Here the key is (write-up slug, tag name).
    """

    content_object = models.ForeignKey(
        "WriteUp", on_delete=models.CASCADE, related_name="tagged_items"
    )
    writeup_field = "content_object"

    objects = TaggedWriteUpManager()

    class Meta:
        verbose_name = "tag on a write-up"
        constraints = [
            models.UniqueConstraint(
                fields=["content_object", "tag"], name="reviews_taggedwriteup_unique"
            ),
        ]
        indexes = [
            # A tag's write-ups from the index alone (tag pages, tag counts, related pieces).
            models.Index(fields=["tag", "content_object"], name="reviews_taggedwriteup_tag"),
            # A tag's page: its newest visible pieces (ListedCopy).
            models.Index(
                fields=["tag", "published_at", "content_object"],
                name="reviews_taggedwriteup_listed",
            ),
        ]

    def natural_key(self):
        return (*self.content_object.natural_key(), *self.tag.natural_key())

    natural_key.dependencies = ["reviews.writeup", "taggit.tag"]
