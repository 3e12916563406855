"""The sitemap: every public page, in sections, listed by the sitemap index.

Only what readers may see is listed: write-ups from ``published()``, tags and
authors with at least one published write-up, every catalog page and the
fixed pages. The index costs one query per section, made of index seeks
whatever the size of the site, and a section page two: its summary and its
items, a range of keys (``catalog.sitemaps.SummarizedSitemap``).
"""

from django.contrib.sitemaps import Sitemap
from django.db.models import Exists, Max, OuterRef
from django.db.models.functions import Greatest
from django.urls import reverse
from django.utils.functional import cached_property
from taggit.models import Tag

from catalog.sitemaps import (
    PersonSitemap,
    ShowSitemap,
    SongSitemap,
    SummarizedSitemap,
    first_value,
)
from reviews_site.slugs import tag_url

from .models import Author, TaggedWriteUp, WriteUp, WriteUpAuthor


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
        # A lone MAX: one seek down the publishing index (catalog.sitemaps.newest).
        return WriteUp.objects.published().aggregate(latest=Max("published_at"))["latest"]

    def lastmod(self, item):
        return self.latest_published if item in self.follows_writeups else None

    def get_latest_lastmod(self):
        return self.latest_published


class WriteUpSitemap(SummarizedSitemap):
    def public(self):
        return WriteUp.objects.published().only("slug", "updated_at").order_by("pk")


class TagSitemap(SummarizedSitemap):
    """Tags on at least one published write-up.

    Listed without a lastmod of their own: each tag's newest piece cost a walk
    over all its taggings, 1.1 to 1.8 s a page at the large data set
    (docs/search-limits.md). The section's lastmod in the index still moves
    when a tagged piece is published.
    """

    def public(self):
        tagged = WriteUp.objects.published().filter(tagged_items__tag=OuterRef("pk"))
        return Tag.objects.filter(Exists(tagged)).only("slug").order_by("pk")

    def lastmod(self, item):
        return None

    def first_key(self):
        return first_value(self.public(), "pk", descending=False)

    def last_key(self):
        return first_value(self.public(), "pk")

    def latest(self):
        # The newest published piece that has a tag: one of its tags changed last.
        tags = TaggedWriteUp.objects.filter(content_object=OuterRef("pk"))
        return first_value(WriteUp.objects.published().filter(Exists(tags)), "published_at")

    def location(self, item):
        return tag_url(item)


class AuthorSitemap(SummarizedSitemap):
    """Authors of at least one published write-up, without a lastmod each (as tags)."""

    def public(self):
        signed = WriteUp.objects.published().filter(bylines__author=OuterRef("pk"))
        return Author.objects.filter(Exists(signed)).only("slug", "updated_at").order_by("pk")

    def lastmod(self, item):
        return None

    def first_key(self):
        return first_value(self.public(), "pk", descending=False)

    def last_key(self):
        return first_value(self.public(), "pk")

    def latest(self):
        # The latest edit of an author listed, or the newest piece with a byline.
        bylines = WriteUpAuthor.objects.filter(writeup=OuterRef("pk"))
        return Greatest(
            first_value(self.public(), "updated_at"),
            first_value(WriteUp.objects.published().filter(Exists(bylines)), "published_at"),
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
