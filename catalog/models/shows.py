"""Shows, the titles they are known by, their episodes and their relatives."""

from django.db import models
from django.db.models import F, Q
from django.urls import reverse

from reviews_site.old_slugs import KeepsOldSlugs

from ..images import POSTER_WIDTHS
from ..names import distinct_spellings, search_key
from .base import (
    SlugFromNameMixin,
    SlugQuerySet,
    TimeStampedModel,
    VersionedModel,
    descending_nulls_last,
    positive_check,
    slug_check,
    year_range_check,
)
from .fields import ImageWithRenditionsField


class Network(SlugFromNameMixin, VersionedModel, TimeStampedModel):
    """A broadcaster or streaming platform (tvN, JTBC, Disney+, Netflix)."""

    name = models.CharField(max_length=100)
    slug = models.SlugField(
        max_length=100,
        db_index=False,
        blank=True,
        help_text="Leave empty to make one from the name.",
    )

    objects = SlugQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = "platform or network"
        verbose_name_plural = "platforms and networks"
        constraints = [
            models.UniqueConstraint(fields=["slug"], name="catalog_network_unique_slug"),
            models.UniqueConstraint(fields=["name"], name="catalog_network_unique_name"),
            slug_check("catalog_network_slug_shape"),
        ]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.slug,)


class Genre(SlugFromNameMixin, VersionedModel, TimeStampedModel):
    name = models.CharField(max_length=60)
    slug = models.SlugField(
        max_length=60,
        db_index=False,
        blank=True,
        help_text="Leave empty to make one from the name.",
    )

    objects = SlugQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["slug"], name="catalog_genre_unique_slug"),
            models.UniqueConstraint(fields=["name"], name="catalog_genre_unique_name"),
            slug_check("catalog_genre_slug_shape"),
        ]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.slug,)


class ShowQuerySet(SlugQuerySet):
    def with_external_id(self, site, value):
        """Shows with this ID at another site (``Site``: "tmdb", "imdb", ...): at most one."""
        return self.filter(external_ids__site=site, external_ids__value=value)

    def matching(self, folded_query):
        """Shows any of whose titles contains the folded query (see catalog.names)."""
        return self.filter(search_names__contains=folded_query)

    def newest_first(self):
        """Latest year first, shows without a year last, then by title."""
        return self.order_by(*descending_nulls_last("year"), "title", "pk")


class Show(SlugFromNameMixin, KeepsOldSlugs, VersionedModel, TimeStampedModel):
    class Kind(models.TextChoices):
        SERIES = "series", "Series"
        FILM = "film", "Film"
        SPECIAL = "special", "Special"
        ANTHOLOGY = "anthology", "Anthology"

    title = models.CharField(
        max_length=200, help_text="The English title readers know it by, e.g. Soundtrack #1."
    )
    slug = models.SlugField(
        max_length=200,
        db_index=False,
        blank=True,
        help_text="The show's address: /shows/<slug>/. Leave empty to make one from the title.",
    )
    native_title = models.CharField(
        max_length=200, blank=True, help_text="The original title in Hangul, e.g. 사운드트랙#1."
    )
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.SERIES)
    premiere_date = models.DateField(
        null=True, blank=True, help_text="First broadcast or release date, when known."
    )
    year = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="Year of first release. Filled in from the premiere date when that is given.",
    )
    network = models.ForeignKey(
        Network,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="shows",
        verbose_name="platform or network",
    )
    episode_count = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Number of episodes (leave empty for a film)."
    )
    runtime_minutes = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Typical length of one episode (or the film), in minutes."
    )
    synopsis = models.TextField(blank=True, help_text="A spoiler-free summary, plain text.")
    poster = ImageWithRenditionsField(
        upload_to="posters/",
        blank=True,
        width_field="poster_width",
        height_field="poster_height",
        webp_field="poster_has_webp",
        rendition_widths=POSTER_WIDTHS,
        help_text="JPEG, PNG, GIF or WebP, at most 10 MB. Stored re-encoded without metadata.",
    )
    poster_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    poster_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    poster_has_webp = models.BooleanField(default=False, editable=False)  # docs/images.md
    genres = models.ManyToManyField(Genre, blank=True, related_name="shows")
    related_shows = models.ManyToManyField(
        "self",
        through="ShowRelation",
        through_fields=("show", "related_show"),
        symmetrical=False,
        blank=True,
        related_name="+",
    )
    search_names = models.TextField(
        blank=True,
        editable=False,
        help_text="Folded title and alternative titles, kept up to date on save.",
    )

    objects = ShowQuerySet.as_manager()
    slug_source = "title"

    class Meta:
        ordering = ["title"]
        constraints = [
            models.UniqueConstraint(fields=["slug"], name="catalog_show_unique_slug"),
            slug_check("catalog_show_slug_shape"),
            year_range_check("year", "catalog_show_year_in_range"),
            positive_check("episode_count", "catalog_show_episode_count_positive"),
            positive_check("runtime_minutes", "catalog_show_runtime_positive"),
        ]
        indexes = [
            models.Index(fields=["year", "title"], name="catalog_show_year_title"),
            # The show list's order (ShowQuerySet.newest_first), a page at a
            # time without sorting the catalog.
            models.Index(
                *descending_nulls_last("year"), F("title"), F("id"), name="catalog_show_newest"
            ),
            # The sitemap's count and latest change: an index-only scan.
            models.Index(fields=["updated_at"], name="catalog_show_updated"),
        ]

    def __str__(self):
        return f"{self.title} ({self.year})" if self.year else self.title

    def natural_key(self):
        return (self.slug,)

    def get_absolute_url(self):
        return reverse("catalog:show_detail", kwargs={"slug": self.slug})

    def save(self, *args, **kwargs):
        if self.premiere_date:
            self.year = self.premiere_date.year
        super().save(*args, **kwargs)

    @property
    def other_titles(self):
        """Alternative titles (prefetched) that differ from the title and each other by more
        than case."""
        return distinct_spellings(self.title, self.alternative_titles.all(), lambda t: t.title)

    def is_stub(self, *, episodes, songs, relations, writeups):
        """Only a name, a year, perhaps a platform and a cast line: nothing a reader came for.

        Such a page is shown compactly and kept out of search engines until an
        editor adds a fact (synopsis, poster, Hangul title, dates, episodes,
        genres), a song, a related show or a write-up. Takes what the page loaded.
        """
        facts = (self.synopsis, self.poster, self.native_title, self.premiere_date)
        facts += (self.episode_count, self.runtime_minutes)
        return not any(facts) and not (
            self.genres.all() or episodes or songs or relations or writeups
        )

    def compute_search_names(self):
        titles = self.alternative_titles.values_list("title", flat=True)
        return search_key(self.title, self.native_title, *titles)


class ShowChildManager(models.Manager):
    """Finds a row that belongs to a show by the show's slug and one field of its own."""

    natural_field = ""

    def get_by_natural_key(self, show_slug, value):
        return self.get(show__slug=show_slug, **{self.natural_field: value})


class ShowTitleManager(ShowChildManager):
    natural_field = "title"


class ShowRelationManager(ShowChildManager):
    natural_field = "related_show__slug"


class EpisodeManager(ShowChildManager):
    natural_field = "number"


class ShowTitle(models.Model):
    """Another title of a show: a romanization, a translation, a former title."""

    class Kind(models.TextChoices):
        ROMANIZATION = "romanization", "Romanization"
        LITERAL = "literal", "Literal translation"
        WORKING = "working", "Working or former title"
        PLATFORM = "platform", "Platform title"
        SPELLING = "spelling", "Other spelling"

    show = models.ForeignKey(Show, on_delete=models.CASCADE, related_name="alternative_titles")
    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.SPELLING)

    objects = ShowTitleManager()

    class Meta:
        ordering = ["kind", "title"]
        verbose_name = "alternative title"
        constraints = [
            models.UniqueConstraint(
                fields=["show", "title"], name="catalog_showtitle_unique_per_show"
            ),
        ]

    def __str__(self):
        return self.title

    def natural_key(self):
        return (*self.show.natural_key(), self.title)

    natural_key.dependencies = ["catalog.show"]


class ShowRelation(models.Model):
    """How two shows belong together: ``related_show`` is a <kind> of ``show``."""

    class Kind(models.TextChoices):
        SEQUEL = "sequel", "Sequel"
        ANTHOLOGY = "anthology", "Anthology follow-up"
        SPIN_OFF = "spin-off", "Spin-off"
        REMAKE = "remake", "Remake"

    # How the relation reads from the other side, on the related show's page.
    INVERSE_LABELS = {
        Kind.SEQUEL: "Prequel",
        Kind.ANTHOLOGY: "Earlier anthology instalment",
        Kind.SPIN_OFF: "Original series",
        Kind.REMAKE: "Original",
    }

    show = models.ForeignKey(Show, on_delete=models.CASCADE, related_name="relations_out")
    related_show = models.ForeignKey(Show, on_delete=models.CASCADE, related_name="relations_in")
    kind = models.CharField(max_length=20, choices=Kind.choices)

    objects = ShowRelationManager()

    class Meta:
        ordering = ["related_show__year", "related_show__title"]
        verbose_name = "related show"
        constraints = [
            models.UniqueConstraint(
                fields=["show", "related_show"], name="catalog_showrelation_unique_pair"
            ),
            models.CheckConstraint(
                condition=~Q(show=models.F("related_show")),
                name="catalog_showrelation_not_self",
                violation_error_message="A show cannot be related to itself.",
            ),
        ]

    def __str__(self):
        return f"{self.related_show} is a {self.get_kind_display().lower()} of {self.show}"

    def natural_key(self):
        return (*self.show.natural_key(), *self.related_show.natural_key())

    natural_key.dependencies = ["catalog.show"]

    @property
    def inverse_label(self):
        return self.INVERSE_LABELS[self.kind]


class Episode(VersionedModel, TimeStampedModel):
    show = models.ForeignKey(Show, on_delete=models.CASCADE, related_name="episodes")
    number = models.PositiveSmallIntegerField(help_text="1 for the first episode.")
    title = models.CharField(max_length=200, blank=True)
    runtime_minutes = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Length in minutes, when known."
    )
    air_date = models.DateField(null=True, blank=True)
    synopsis = models.TextField(blank=True)

    class Meta:
        ordering = ["show", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["show", "number"], name="catalog_episode_unique_number_per_show"
            ),
            models.CheckConstraint(
                condition=Q(number__gte=1),
                name="catalog_episode_number_positive",
                violation_error_message="Episode numbers start at 1.",
            ),
            positive_check("runtime_minutes", "catalog_episode_runtime_positive"),
        ]

    objects = EpisodeManager()

    def __str__(self):
        label = f"{self.show.title}, episode {self.number}"
        return f"{label}: {self.title}" if self.title else label

    def natural_key(self):
        return (*self.show.natural_key(), self.number)

    natural_key.dependencies = ["catalog.show"]

    def get_absolute_url(self):
        return reverse(
            "catalog:episode_detail", kwargs={"slug": self.show.slug, "number": self.number}
        )
