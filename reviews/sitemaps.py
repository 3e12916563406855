"""The sitemap: every public page, in sections, listed by the sitemap index.

Only what readers may see is listed: write-ups from ``published()``, tags and
authors with at least one published write-up, every catalog page and the
fixed pages. The index costs one aggregate query per section, and a section
page two (its size and its items), at any size of site.
"""

from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.db.models.functions import Greatest
from django.urls import reverse
from django.utils.functional import cached_property
from taggit.models import Tag

from catalog.sitemaps import PersonSitemap, ShowSitemap, SongSitemap, SummarizedSitemap

from .models import Author, WriteUp


class StaticSitemap(Sitemap):
    """The home page and the list pages; the first two change when a piece is published."""

    pages = (
        "reviews:home",
        "reviews:writeup_list",
        "catalog:show_list",
        "catalog:person_list",
        "catalog:song_list",
    )
    follows_writeups = {"reviews:home", "reviews:writeup_list"}

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


class WriteUpSitemap(SummarizedSitemap):
    def queryset(self):
        return WriteUp.objects.published().only("slug", "updated_at").order_by("pk")


class TagSitemap(SummarizedSitemap):
    """Tags on at least one published write-up; a tag page changes when one is published."""

    lastmod_field = "lastmod"

    def queryset(self):
        published = WriteUp.objects.published().values("pk")
        return (
            Tag.objects.filter(reviews_taggedwriteup_items__content_object__in=published)
            .annotate(lastmod=Max("reviews_taggedwriteup_items__content_object__published_at"))
            .only("slug")
            .order_by("pk")
        )

    def location(self, item):
        return reverse("reviews:tag_detail", kwargs={"slug": item.slug})


class AuthorSitemap(SummarizedSitemap):
    """Authors of at least one published write-up; changed by an edit or a new piece."""

    lastmod_field = "lastmod"

    def queryset(self):
        published = WriteUp.objects.published().values("pk")
        return (
            Author.objects.filter(writeups__in=published)
            .annotate(
                latest_writeup=Max("writeups__published_at"),
                lastmod=Greatest("updated_at", "latest_writeup"),
            )
            .only("slug", "updated_at")
            .order_by("pk")
        )


# Classes, not instances: the sitemap views build a section afresh on each
# request, so a section's cached summary never outlives its request.
SITEMAPS = {
    "pages": StaticSitemap,
    "writeups": WriteUpSitemap,
    "shows": ShowSitemap,
    "people": PersonSitemap,
    "songs": SongSitemap,
    "tags": TagSitemap,
    "authors": AuthorSitemap,
}
