"""Sitemap sections for the catalog: shows, people and songs.

Every catalog page is public. ``SummarizedSitemap`` makes a section cost one
query in the sitemap index, and that query two index seeks, whatever the
size of the section (see its docstring).
"""

import math

from django.contrib.sitemaps import Sitemap
from django.core.paginator import Paginator
from django.db.models import Max, Subquery, Value
from django.utils.functional import cached_property

from .models import Person, Show, Song


def newest(queryset, field):
    """``SELECT MAX(field)`` over ``queryset`` (one table), as a subquery: one index seek.

    A lone MAX is answered from the end of an index led by ``field``, checking
    the rest of the WHERE clause on the way down (PostgreSQL rewrites it into
    an index scan with LIMIT 1; SQLite has its min/max optimisation), where
    SQLite may answer ``ORDER BY field DESC LIMIT 1`` from another index and
    sort every row. Grouping by a constant makes the aggregate without a GROUP
    BY clause.
    """
    return Subquery(
        queryset.order_by()
        .annotate(every=Value(1))
        .values("every")
        .annotate(newest=Max(field))
        .values("newest")
    )


def newest_first(queryset, field):
    """``field`` of the first row of ``queryset`` newest first, as a subquery: an index walk.

    For filters with EXISTS, where ``newest`` would not do: PostgreSQL plans
    an EXISTS as a join, and rewrites MAX into an index scan for one table
    only. With ``ORDER BY field DESC LIMIT 1`` both databases walk the index
    led by ``field`` and stop at the first row that passes.
    """
    return Subquery(queryset.order_by(f"-{field}").values(field)[:1])


class KeyRangePaginator(Paginator):
    """Pages of consecutive primary keys: page n lists the items keyed ((n-1)·size, n·size].

    The page count comes from the largest key, a page is a range of the
    primary key's index: neither counts every row nor skips past the earlier
    ones with OFFSET, so the last page of a large section costs what the
    first does. Keys of deleted or hidden rows leave gaps, so a page may hold
    fewer than ``per_page`` items (an empty page is still a valid answer).
    """

    def __init__(self, object_list, per_page, last_key):
        super().__init__(object_list, per_page)
        self.last_key = last_key or 0

    @cached_property
    def num_pages(self):
        return max(1, math.ceil(self.last_key / self.per_page))

    def page(self, number):
        number = self.validate_number(number)
        top = number * self.per_page
        items = self.object_list.filter(pk__gt=top - self.per_page, pk__lte=top)
        return self._get_page(items, number, self)


class SummarizedSitemap(Sitemap):
    """A sitemap section paged by key ranges, whose summary is one query of index seeks.

    Django's index asks each section for its page count (a COUNT of every
    item) and its latest lastmod (by default, a walk over every item). Here
    the pages are ranges of primary keys (``KeyRangePaginator``), so the page
    count needs only the largest key, and the latest change is one more
    seek (``latest()``, the newest value of an indexed column).
    Both come in one query, once per request: the sitemap views build a
    fresh section from its class on every request.

    Subclasses give ``public()``, what readers may see, ordered by primary
    key; ``items()`` may add what a page shows of each item (its lastmod),
    computed only for the items of that page.
    """

    lastmod_field = "updated_at"
    limit = 5_000

    def public(self):
        raise NotImplementedError

    def items(self):
        return self.public()

    def last_key(self):
        """An expression for the largest primary key of the section: one index seek."""
        return newest(self.public(), "pk")

    def latest(self):
        """An expression for the latest lastmod of the section: one index seek."""
        return newest(self.public(), self.lastmod_field)

    def lastmod(self, item):
        return getattr(item, self.lastmod_field)

    @cached_property
    def summary(self):
        """{"last_key": the largest key, "latest": the latest change}; None when empty.

        Two scalar subqueries, each an index seek, on any one row of the section.
        """
        summary = self.public().order_by().annotate(last_key=self.last_key(), latest=self.latest())
        return next(iter(summary.values("last_key", "latest")[:1]), None)

    def get_latest_lastmod(self):
        return self.summary["latest"] if self.summary else None

    @property
    def paginator(self):
        last_key = self.summary["last_key"] if self.summary else 0
        return KeyRangePaginator(self._items(), self.limit, last_key)


class ShowSitemap(SummarizedSitemap):
    def public(self):
        return Show.objects.only("slug", "updated_at").order_by("pk")


class PersonSitemap(SummarizedSitemap):
    def public(self):
        return Person.objects.only("slug", "updated_at").order_by("pk")


class SongSitemap(SummarizedSitemap):
    def public(self):
        return Song.objects.only("slug", "updated_at").order_by("pk")
