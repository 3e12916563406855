"""The sitemap: every page readers may see, in the sections the index lists (``SITEMAPS``).

Write-ups, tags and authors are listed through ``WriteUp.objects.published()``;
every catalog page is public. Costs: docs/performance.md, "Sitemaps".
"""

from django.contrib.sitemaps import Sitemap
from django.core.cache import cache
from django.db.models import Count, Exists, Max, OuterRef, Subquery
from django.db.models.functions import Greatest
from django.urls import reverse
from django.utils.functional import cached_property
from taggit.models import Tag

from catalog.models import Person, Show, Song
from reviews.models import Author, WriteUp, WriteUpAuthor

from . import cache as page_cache

# How long a generation's section summaries are kept at most; a new generation
# (any edit, the next scheduled publication) stops reading them sooner.
SUMMARY_SECONDS = 24 * 60 * 60


def newest(writeups):
    """The latest publication among ``writeups``, as a subquery."""
    return Subquery(writeups.order_by("-published_at").values("published_at")[:1])


class Section(Sitemap):
    """A section of model pages whose size and latest change come in one query."""

    # Rendering is about 0.2 ms an item (docs/search-limits.md#sitemap-pages).
    limit = 1_000

    def lastmod(self, item):
        return item.updated_at

    def latest(self):
        """The section's latest change, an aggregate over ``items()``."""
        return Max("updated_at")

    @cached_property
    def summary(self):
        """Count and latest change, kept for the page cache's generation: they change
        only when the pages do (docs/performance.md, "Sitemaps")."""
        prefix = page_cache.generation()
        if prefix is None:  # the cache is failing
            return self.summarize()
        return cache.get_or_set(
            f"{prefix}:sitemap:{type(self).__name__}", self.summarize, SUMMARY_SECONDS
        )

    def summarize(self):
        # COUNT(*), not COUNT(id): PostgreSQL can then count from an index alone.
        return self.items().aggregate(count=Count("*"), latest=self.latest())

    def get_latest_lastmod(self):
        return self.summary["latest"]

    @property
    def paginator(self):
        # Django's paginator, given the count the summary already holds.
        paginator = super().paginator
        paginator.count = self.summary["count"]
        return paginator


class StaticSitemap(Sitemap):
    """The home page and the list pages; the first two change when a piece is published."""

    pages = (
        "home",
        "reviews:writeup_list",
        "catalog:show_list",
        "catalog:person_list",
        "catalog:song_list",
    )
    follows_writeups = {"home", "reviews:writeup_list"}

    def items(self):
        return self.pages

    def location(self, item):
        return reverse(item)

    @cached_property
    def latest_published(self):
        return WriteUp.objects.published().aggregate(latest=Max("published_at"))["latest"]

    def lastmod(self, item):
        return self.latest_published if item in self.follows_writeups else None

    def get_latest_lastmod(self):
        return self.latest_published


class WriteUpSitemap(Section):
    def items(self):
        return WriteUp.objects.published().only("slug", "updated_at").order_by("pk")


class ShowSitemap(Section):
    def items(self):
        return Show.objects.only("slug", "updated_at").order_by("pk")


class PersonSitemap(Section):
    def items(self):
        return Person.objects.only("slug", "updated_at").order_by("pk")


class SongSitemap(Section):
    def items(self):
        return Song.objects.only("slug", "updated_at").order_by("pk")


class TagSitemap(Section):
    """Tags on a published write-up, without a lastmod each (docs/search-limits.md)."""

    lastmod = None

    def items(self):
        # Each tag's newest published piece, one probe of the tag links' index
        # per tag; EXISTS let PostgreSQL join every tag link (docs/performance.md).
        newest = WriteUp.objects.published().tagged(OuterRef("pk")).values("published_at")[:1]
        return (
            Tag.objects.annotate(newest=Subquery(newest))
            .filter(newest__isnull=False)
            .only("slug")
            .order_by("pk")
        )

    def latest(self):
        # The newest published piece with a tag: one of its tags changed last.
        return Max("newest")

    def location(self, tag):
        return reverse("reviews:tag_detail", kwargs={"slug": tag.slug})


class AuthorSitemap(Section):
    """Authors of a published write-up, without a lastmod each (as tags)."""

    lastmod = None

    def items(self):
        signed = WriteUp.objects.published().filter(bylines__author=OuterRef("pk"))
        return Author.objects.filter(Exists(signed)).only("slug", "updated_at").order_by("pk")

    def latest(self):
        # The latest edit of an author listed, or the newest piece with a byline.
        bylines = WriteUpAuthor.objects.filter(writeup=OuterRef("pk"))
        return Greatest(
            Max("updated_at"), Max(newest(WriteUp.objects.published().filter(Exists(bylines))))
        )


# Classes, not instances: the views build a section afresh on each request,
# so a section's summary never outlives its request.
SITEMAPS = {
    "pages": StaticSitemap,
    "writeups": WriteUpSitemap,
    "shows": ShowSitemap,
    "people": PersonSitemap,
    "songs": SongSitemap,
    "tags": TagSitemap,
    "authors": AuthorSitemap,
}
