"""Songs: OST tracks, who sings them and who made them."""

from django.db import models
from django.db.models import F, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.urls import reverse

from reviews_site.old_slugs import KeepsOldSlugs

from ..names import search_key
from .base import SlugFromNameMixin, SlugQuerySet, TimeStampedModel, VersionedModel, slug_check
from .people import Person
from .shows import Show


class SongQuerySet(SlugQuerySet):
    def matching(self, folded_query):
        return self.filter(search_names__contains=folded_query)


class Song(SlugFromNameMixin, KeepsOldSlugs, VersionedModel, TimeStampedModel):
    title = models.CharField(max_length=200)
    slug = models.SlugField(
        max_length=200,
        db_index=False,
        blank=True,
        help_text="The song's address: /songs/<slug>/. Leave empty to make one from the title.",
    )
    native_title = models.CharField(max_length=200, blank=True, help_text="Title in Hangul.")
    show = models.ForeignKey(
        Show,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="songs",
        help_text="The show whose soundtrack (OST) this song is part of.",
    )
    part_number = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="OST part number, or its order on the soundtrack."
    )
    release_date = models.DateField(null=True, blank=True)
    performers = models.ManyToManyField(
        Person, through="SongPerformer", related_name="songs_performed", blank=True
    )
    search_names = models.TextField(blank=True, editable=False)
    # Copies of the show's year (0: unknown or no show) and title, so the song list's
    # order is one index (docs/performance.md, "Song list"). Kept by ``save``, the
    # show's save and delete (catalog.signals) and, for loaddata, ``copy_show_order``.
    show_year = models.PositiveSmallIntegerField(default=0, editable=False, serialize=False)
    show_title = models.CharField(max_length=200, blank=True, editable=False, serialize=False)

    objects = SongQuerySet.as_manager()
    slug_source = "title"
    # The song list: newest shows first, a show's songs together in OST order.
    list_order = (
        "-show_year",
        "show_title",
        F("part_number").asc(nulls_last=True),
        "title",
        "pk",
    )

    class Meta:
        ordering = ["show", "part_number", "release_date", "title"]
        constraints = [
            models.UniqueConstraint(fields=["slug"], name="catalog_song_unique_slug"),
            slug_check("catalog_song_slug_shape"),
            models.UniqueConstraint(
                fields=["show", "part_number"],
                condition=Q(show__isnull=False, part_number__isnull=False),
                name="catalog_song_unique_part_per_show",
                violation_error_message="This show already has a song with this part number.",
            ),
            models.CheckConstraint(
                condition=Q(part_number__isnull=True) | Q(part_number__gte=1),
                name="catalog_song_part_number_positive",
                violation_error_message="Part numbers start at 1.",
            ),
        ]
        indexes = [
            # The sitemap's count and latest change: an index-only scan.
            models.Index(fields=["updated_at"], name="catalog_song_updated"),
            # The song list (list_order): a page is a range of this index.
            models.Index(
                fields=["-show_year", "show_title", "part_number", "title", "id"],
                name="catalog_song_list_order",
            ),
        ]

    def __str__(self):
        return self.title

    def natural_key(self):
        return (self.slug,)

    def get_absolute_url(self):
        return reverse("catalog:song_detail", kwargs={"slug": self.slug})

    def save(self, *args, **kwargs):
        self.search_names = self.compute_search_names()
        show = self.show if self.show_id else None
        self.show_year = (show.year or 0) if show else 0
        self.show_title = show.title if show else ""
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "show_year", "show_title"}
        super().save(*args, **kwargs)

    @classmethod
    def copy_show_order(cls, songs=None):
        """Set ``show_year`` and ``show_title`` of ``songs`` (all when None): one UPDATE."""
        songs = cls._base_manager.all() if songs is None else songs
        show = Show._base_manager.filter(pk=OuterRef("show"))
        return songs.update(
            show_year=Coalesce(Subquery(show.values("year")), Value(0)),
            show_title=Coalesce(Subquery(show.values("title")), Value("")),
        )

    def compute_search_names(self):
        return search_key(self.title, self.native_title)


class SongPeopleManager(models.Manager):
    def get_by_natural_key(self, song_slug, person_slug, *rest):
        lookup = {"song__slug": song_slug, "person__slug": person_slug}
        if rest:
            lookup["role"] = rest[0]
        return self.get(**lookup)


class SongPerformer(models.Model):
    song = models.ForeignKey(Song, on_delete=models.CASCADE, related_name="performances")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="performances")
    order = models.PositiveSmallIntegerField(default=0)

    objects = SongPeopleManager()

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = "performer"
        constraints = [
            models.UniqueConstraint(fields=["song", "person"], name="catalog_songperformer_unique"),
        ]

    def __str__(self):
        return f"{self.person} sings {self.song}"

    def natural_key(self):
        return (*self.song.natural_key(), *self.person.natural_key())

    natural_key.dependencies = ["catalog.song", "catalog.person"]


class SongCredit(models.Model):
    """Who made a song: producer, lyricist, composer, arranger."""

    class Role(models.TextChoices):
        PRODUCER = "producer", "Producer"
        LYRICIST = "lyricist", "Lyricist"
        COMPOSER = "composer", "Composer"
        ARRANGER = "arranger", "Arranger"

    song = models.ForeignKey(Song, on_delete=models.CASCADE, related_name="credits")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="song_credits")
    role = models.CharField(max_length=20, choices=Role.choices)

    objects = SongPeopleManager()

    class Meta:
        ordering = ["role", "pk"]
        verbose_name = "song credit"
        constraints = [
            models.UniqueConstraint(
                fields=["song", "person", "role"], name="catalog_songcredit_unique"
            ),
        ]

    def __str__(self):
        return f"{self.person}, {self.get_role_display().lower()} of {self.song}"

    def natural_key(self):
        return (*self.song.natural_key(), *self.person.natural_key(), self.role)

    natural_key.dependencies = ["catalog.song", "catalog.person"]
