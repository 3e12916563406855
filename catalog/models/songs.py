"""Songs: OST tracks, who sings them and who made them."""

from django.db import models
from django.db.models import Q
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

    objects = SongQuerySet.as_manager()
    slug_source = "title"

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
        ]

    def __str__(self):
        return self.title

    def natural_key(self):
        return (self.slug,)

    def get_absolute_url(self):
        return reverse("catalog:song_detail", kwargs={"slug": self.slug})

    def save(self, *args, **kwargs):
        self.search_names = self.compute_search_names()
        super().save(*args, **kwargs)

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
