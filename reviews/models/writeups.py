"""Write-ups: reviews, episode recaps and features, their queryset and their ratings.

The rows that hang off a write-up (bylines, scores, tag links) are in parts.py.
"""

from decimal import Decimal

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from taggit.managers import TaggableManager

from catalog.images import LEAD_WIDTHS
from catalog.models import Episode, Show
from catalog.models.base import (
    SlugFromNameMixin,
    TimeStampedModel,
    VersionedModel,
    descending_nulls_last,
    slug_check,
)
from catalog.models.fields import ImageWithRenditionsField
from reviews_site.old_slugs import KeepsOldSlugs
from reviews_site.text import clean_text

from ..markdown import MAX_BODY_CHARACTERS, reading_minutes
from ..ratings import RATING_SCALE
from .people import Author, Outlet
from .querysets import WriteUpQuerySet
from .trashable import Trashable


class WriteUp(SlugFromNameMixin, KeepsOldSlugs, Trashable, VersionedModel, TimeStampedModel):
    class Kind(models.TextChoices):
        REVIEW = "review", "Review"
        RECAP = "recap", "Episode recap"
        FEATURE = "feature", "Feature"

    class Status(models.TextChoices):
        """The review loop (reviews/workflow.py); "scheduled" is published with a time to come."""

        DRAFT = "draft", "Draft"
        IN_REVIEW = "in_review", "In review"
        CHANGES_REQUESTED = "changes_requested", "Changes requested"
        PUBLISHED = "published", "Published"
        UNPUBLISHED = "unpublished", "Unpublished"

    title = models.CharField(max_length=200)
    slug = models.SlugField(
        max_length=200,
        db_index=False,
        blank=True,
        help_text="The page's address: /reviews/<slug>/. Leave empty to make one from the title.",
    )
    standfirst = models.CharField(
        max_length=300,
        blank=True,
        help_text="One sentence under the title that tells the reader why to read on.",
    )
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.REVIEW)
    show = models.ForeignKey(
        Show, on_delete=models.PROTECT, related_name="writeups", help_text="The show it is about."
    )
    episode = models.ForeignKey(
        Episode,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="writeups",
        help_text="For a recap: the episode it covers. It must belong to the show.",
    )
    authors = models.ManyToManyField(
        Author, through="WriteUpAuthor", related_name="writeups", blank=True
    )
    outlet = models.ForeignKey(
        Outlet,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="writeups",
        help_text="Where it first appeared, if it appeared elsewhere first.",
    )
    original_url = models.URLField(blank=True, help_text="The address of the first publication.")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When readers may see it. A future time schedules it; nothing more is needed.",
    )
    unpublish_at = models.DateTimeField(
        "unpublish at",
        null=True,
        blank=True,
        help_text="Optional end time: readers no longer see it from then on. Empty: no end.",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Who created it: a writer may edit their own pieces until they are published.",
    )
    lead_image = ImageWithRenditionsField(
        upload_to="lead-images/",
        blank=True,
        width_field="lead_image_width",
        height_field="lead_image_height",
        webp_field="lead_image_has_webp",
        rendition_widths=LEAD_WIDTHS,
        help_text="Shown at the top of the page, on cards and when the piece is shared. JPEG, "
        "PNG, GIF or WebP, at most 10 MB; stored re-encoded without metadata.",
    )
    lead_image_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    lead_image_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    lead_image_has_webp = models.BooleanField(default=False, editable=False)  # docs/images.md
    lead_image_alt = models.CharField(
        "alt text",
        max_length=300,
        blank=True,
        help_text="What the image shows, for readers who cannot see it. Required with an image.",
    )
    lead_image_caption = models.CharField("caption", max_length=300, blank=True)
    lead_image_credit = models.CharField(
        "credit", max_length=200, blank=True, help_text="Who made or owns the image."
    )
    featured = models.BooleanField(
        "lead the home page",
        default=False,
        help_text="One piece at a time: featuring this one unfeatures the one before. Without "
        "one, the newest piece leads.",
    )
    body = models.TextField(
        help_text="Markdown: ## headings, *emphasis*, **bold**, [links](https://…), lists, "
        f"> quotes and | tables |. HTML is shown as text. At most {MAX_BODY_CHARACTERS:,} "
        "characters.",
        validators=[
            MaxLengthValidator(
                MAX_BODY_CHARACTERS,
                message=f"A body may have at most {MAX_BODY_CHARACTERS:,} characters; this one "
                "has %(show_value)s. Shorten it, or split it into two write-ups.",
            )
        ],
    )
    body_html = models.TextField(blank=True, editable=False)
    # PostgreSQL's full-text index, written by reviews_site.search.index; NULL on SQLite.
    search_document = SearchVectorField(null=True, editable=False, serialize=False)
    reading_minutes = models.PositiveSmallIntegerField(default=1, editable=False)
    has_spoilers = models.BooleanField(
        "contains spoilers",
        default=False,
        help_text="Shows a spoiler notice before the body. Set by itself when episodes are given.",
    )
    # What the piece gives away (reviews/spoilers.py): readers who have not
    # watched that far get it folded. A recap's episode is its range by default.
    spoiler_from_episode = models.PositiveSmallIntegerField(
        "spoilers from episode",
        null=True,
        blank=True,
        help_text="The first episode whose events it gives away. Empty: none, or a recap's own "
        "episode.",
    )
    spoiler_to_episode = models.PositiveSmallIntegerField(
        "spoilers up to episode",
        null=True,
        blank=True,
        help_text="The last episode it gives away; the show's last episode means the ending.",
    )
    verdict_watch = models.TextField(
        "watch it if", blank=True, help_text="Who should watch it (the verdict box)."
    )
    verdict_skip = models.TextField(
        "skip it if", blank=True, help_text="Who should skip it (the verdict box)."
    )
    rating = models.DecimalField(
        max_digits=4,
        decimal_places=2,
        null=True,
        blank=True,
        editable=False,
        help_text="Overall rating out of 10, derived from the scores.",
    )

    tags = TaggableManager(through="TaggedWriteUp", blank=True)

    objects = WriteUpQuerySet.as_manager()
    slug_source = "title"

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = "write-up"
        permissions = [
            ("publish_writeup", "Can publish, schedule and unpublish write-ups"),
            ("review_writeup", "Can review write-ups and request changes"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["slug"], name="reviews_writeup_unique_slug"),
            slug_check("reviews_writeup_slug_shape"),
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_at__isnull=False),
                name="reviews_writeup_published_has_date",
                violation_error_message="A published write-up needs a publish date and time.",
            ),
            models.CheckConstraint(
                condition=Q(unpublish_at__isnull=True)
                | Q(published_at__isnull=True)
                | Q(unpublish_at__gt=F("published_at")),
                name="reviews_writeup_unpublish_after_publish",
                violation_error_message="The unpublish time must come after the publish time.",
            ),
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__gte=0, rating__lte=RATING_SCALE),
                name="reviews_writeup_rating_in_range",
            ),
            models.CheckConstraint(
                condition=Q(trashed_at__isnull=False) | Q(trashed_by__isnull=True),
                name="reviews_writeup_trashed_by_only_in_trash",
            ),
            models.UniqueConstraint(
                fields=["featured"],
                condition=Q(featured=True),
                name="reviews_writeup_one_featured",
                violation_error_message="Only one write-up leads the home page at a time.",
            ),
            models.CheckConstraint(
                condition=Q(lead_image="") | ~Q(lead_image_alt=""),
                name="reviews_writeup_lead_image_has_alt",
                violation_error_message="Describe the lead image in its alt text.",
            ),
            models.CheckConstraint(
                condition=Q(spoiler_from_episode__isnull=True, spoiler_to_episode__isnull=True)
                | Q(
                    # Not null said outright: a comparison with NULL passes a CHECK.
                    spoiler_from_episode__isnull=False,
                    spoiler_to_episode__isnull=False,
                    spoiler_from_episode__gte=1,
                    spoiler_to_episode__gte=F("spoiler_from_episode"),
                    has_spoilers=True,
                ),
                name="reviews_writeup_spoiler_range",
                violation_error_message="Spoilers run from an episode (1 or more) up to the same "
                "or a later one: give both, or neither.",
            ),
        ]
        # What published() filters on, first: docs/performance.md shows each plan.
        # Each ends with trashed_at and unpublish_at, which published() also
        # asks about, so that the index still answers without reading the wide
        # row (on SQLite too, which does not see that a partial index implies
        # the condition).
        indexes = [
            # Search (PostgreSQL only: migration 0013 creates it there).
            GinIndex(fields=["search_document"], name="reviews_writeup_search"),
            # Lists, feeds and the sitemap: newest visible first; updated_at
            # makes the sitemap's count and latest change an index-only scan.
            models.Index(
                fields=["status", "published_at", "updated_at", "trashed_at", "unpublish_at"],
                name="reviews_writeup_published",
            ),
            # A show's visible write-ups, and its rating without reading the
            # rows; also the home page's ranking of shows, grouped by show.
            models.Index(
                fields=["status", "show", "published_at", "rating", "trashed_at", "unpublish_at"],
                name="reviews_writeup_show_rating",
            ),
            # Is this write-up visible? Answered from the index when a page
            # comes from tags or bylines, without reading the wide row.
            models.Index(
                fields=["id", "status", "published_at", "trashed_at", "unpublish_at"],
                name="reviews_writeup_visible",
            ),
            # The list filtered by kind, newest first.
            models.Index(
                fields=["status", "kind", "published_at", "id", "trashed_at", "unpublish_at"],
                name="reviews_writeup_kind",
            ),
            # The list sorted by rating (by_rating), a page at a time.
            models.Index(
                F("status"),
                *descending_nulls_last("rating"),
                F("published_at").desc(),
                F("id").desc(),
                F("trashed_at"),
                F("unpublish_at"),
                name="reviews_writeup_by_rating",
            ),
            # The next expiry, for the page cache's schedule (reviews_site.cache).
            models.Index(
                fields=["unpublish_at"],
                condition=Q(unpublish_at__isnull=False),
                name="reviews_writeup_expiry",
            ),
            # The trash, oldest first (the admin's list, purge_trash).
            models.Index(
                fields=["trashed_at"],
                condition=Q(trashed_at__isnull=False),
                name="reviews_writeup_trash",
            ),
            # The home page: the featured piece, then the newest (lead_first).
            models.Index(
                F("status"),
                F("featured").desc(),
                F("published_at").desc(),
                F("id").desc(),
                F("trashed_at"),
                F("unpublish_at"),
                name="reviews_writeup_lead_first",
            ),
        ]

    def __str__(self):
        return self.title

    def natural_key(self):
        return (self.slug,)

    def get_absolute_url(self):
        return reverse("reviews:writeup_detail", kwargs={"slug": self.slug})

    @property
    def tag_list(self):
        """The tags in the order they were added; loaded with the write-ups by with_tags()."""
        return [item.tag for item in self.tagged_items.all()]

    @property
    def is_published(self):
        now = timezone.now()
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= now
            and (self.unpublish_at is None or self.unpublish_at > now)
            and self.trashed_at is None
        )

    @property
    def is_expired(self):
        """Published, but its unpublish time has come: readers no longer see it."""
        return (
            self.status == self.Status.PUBLISHED
            and self.unpublish_at is not None
            and self.unpublish_at <= timezone.now()
        )

    @property
    def listed_at(self):
        """What its bylines and tag links copy (parts.ListedCopy): the publish time while
        published and not in the trash, else None. An expired piece keeps it:
        published() drops it by its unpublish time."""
        if self.status == self.Status.PUBLISHED and self.trashed_at is None:
            return self.published_at
        return None

    @property
    def is_scheduled(self):
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at > timezone.now()
        )

    @property
    def spoiler_range(self):
        """The episodes it gives away, as (first, last); None when it gives none away.

        (first, None) when it has spoilers but does not say which episodes:
        readers fold it until they have seen the whole show.
        """
        if self.spoiler_to_episode is not None:
            return (self.spoiler_from_episode, self.spoiler_to_episode)
        if self.episode_id is not None and (self.has_spoilers or self.kind == self.Kind.RECAP):
            number = self.episode.number
            return (number, number)
        return (1, None) if self.has_spoilers else None

    def clean(self):
        super().clean()
        if self.episode_id and self.show_id and self.episode.show_id != self.show_id:
            raise ValidationError({"episode": "This episode belongs to another show."})
        self.clean_spoiler_range()
        if self.lead_image and not self.lead_image_alt.strip():
            raise ValidationError(
                {"lead_image_alt": "Describe the image for readers who cannot see it."}
            )
        if self.status == self.Status.PUBLISHED and not self.published_at:
            self.published_at = timezone.now()

    def clean_spoiler_range(self):
        first, last = self.spoiler_from_episode, self.spoiler_to_episode
        if (first is None) != (last is None):
            missing = "spoiler_to_episode" if last is None else "spoiler_from_episode"
            raise ValidationError({missing: "Give the first and the last episode, or neither."})
        if first is None:
            return
        if first < 1:
            raise ValidationError({"spoiler_from_episode": "Episodes are numbered from 1."})
        if last < first:
            raise ValidationError({"spoiler_to_episode": "The last episode comes after the first."})
        count = self.show.episode_count if self.show_id else None
        if count and last > count:
            raise ValidationError(
                {"spoiler_to_episode": f"{self.show.title} has {count} episodes."}
            )
        self.has_spoilers = True

    # The body that body_html was rendered from (or loaded with): saving the
    # same body again does not render it again.
    _rendered_body = None
    # The listed_at its bylines and tag links hold; unknown (so copied on save)
    # for a new write-up or one loaded without the three columns.
    _copied_listing = ...

    @classmethod
    def from_db(cls, db, field_names, values):
        writeup = super().from_db(db, field_names, values)
        writeup._rendered_body = writeup.__dict__.get("body")  # None when deferred
        if {"status", "published_at", "trashed_at"} <= writeup.__dict__.keys():
            writeup._copied_listing = writeup.listed_at
        return writeup

    # Mentions found by the last render, stored once the row is saved (reviews/mentions.py).
    _found_mentions = None

    def render_body(self):
        from ..mentions import render_with_mentions

        self.body_html, self._found_mentions = render_with_mentions(self)
        self.reading_minutes = reading_minutes(self.body)
        self._rendered_body = self.body

    def save(self, *args, **kwargs):
        """Render the body when it changed: publishing or unpublishing a long piece does not."""
        update_fields = kwargs.get("update_fields")
        if self.__dict__.get("spoiler_to_episode") is not None:
            self.has_spoilers = True  # a range is spoilers (the database checks it too)
        if "body" in self.__dict__ and (update_fields is None or "body" in update_fields):
            # Cleaned as the row will store it (reviews_site.text), so that a
            # form's \r\n line ends alone do not count as a change.
            self.body = clean_text(self.body)
            if self.body != self._rendered_body:
                self.render_body()
                if update_fields is not None:
                    kwargs["update_fields"] = {*update_fields, "body_html", "reading_minutes"}
        adding = self._state.adding
        if self.__dict__.get("featured") and (update_fields is None or "featured" in update_fields):
            # One lead at a time (the database checks it): this one replaces the last.
            type(self)._base_manager.filter(featured=True).exclude(pk=self.pk).update(
                featured=False
            )
        super().save(*args, **kwargs)
        # Publish, unpublish, reschedule, trash, restore: the links follow.
        if not adding and self.listed_at != self._copied_listing:
            self.bylines.update(published_at=self.listed_at)
            self.tagged_items.update(published_at=self.listed_at)
        self._copied_listing = self.listed_at
        self.store_found_mentions()

    def store_found_mentions(self):
        if self._found_mentions is not None:
            from ..mentions import store_mentions

            store_mentions(self, self._found_mentions)
            self._found_mentions = None

    def compute_rating(self):
        """The mean of the scores, each brought to the common scale; None without scores."""
        scores = list(self.scores.all())
        if not scores:
            return None
        total = sum(score.value / score.scale for score in scores)
        return (total / len(scores) * RATING_SCALE).quantize(Decimal("0.01"))

    def refresh_rating(self):
        rating = self.compute_rating()
        if rating != self.rating:
            WriteUp.objects.filter(pk=self.pk).update(rating=rating)
            self.rating = rating
