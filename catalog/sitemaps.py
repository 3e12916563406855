"""Sitemap sections for the catalog: shows, people and songs.

Every catalog page is public. ``SummarizedSitemap`` makes a section cost one
query in the sitemap index, and that query index seeks alone, whatever the
size of the section (see its docstring).
"""

import math

from django.contrib.sitemaps import Sitemap
from django.core.paginator import Paginator
from django.db.models import Max, Min, Subquery, Value
from django.utils.functional import cached_property

from .models import Person, Show, Song


def _lone_aggregate(queryset, aggregate):
    """``SELECT MAX(field)`` (or MIN) over ``queryset`` (one table), as a subquery.

    A lone MAX or MIN is answered from one end of an index led by the field,
    checking the rest of the WHERE clause on the way (PostgreSQL rewrites it
    into an index scan with LIMIT 1; SQLite has its min/max optimisation),
    where SQLite may answer ``ORDER BY field DESC LIMIT 1`` from another index
    and sort every row. Grouping by a constant makes the aggregate without a
    GROUP BY clause.
    """
    return Subquery(
        queryset.order_by()
        .annotate(every=Value(1))
        .values("every")
        .annotate(value=aggregate)
        .values("value")
    )


def newest(queryset, field):
    """The largest ``field`` of ``queryset`` (one table), as a subquery: one index seek."""
    return _lone_aggregate(queryset, Max(field))


def oldest(queryset, field):
    """The smallest ``field`` of ``queryset`` (one table), as a subquery: one index seek."""
    return _lone_aggregate(queryset, Min(field))


def first_value(queryset, field, descending=True):
    """``field`` of the first row of ``queryset`` ordered by it, as a subquery: an index walk.

    For filters with EXISTS, where ``newest`` would not do: PostgreSQL plans
    an EXISTS as a join, and rewrites MAX into an index scan for one table
    only. With ``ORDER BY field DESC LIMIT 1`` both databases walk the index
    led by ``field`` and stop at the first row that passes.
    """
    return Subquery(queryset.order_by(f"-{field}" if descending else field).values(field)[:1])


class KeyRangePaginator(Paginator):
    """Pages of consecutive primary keys, counted from the smallest key of the section.

    Page n lists the items keyed [first + (n-1)·size, first + n·size). The
    page count comes from the smallest and the largest key, and a page is a
    range of the primary key's index: neither counts every row nor skips past
    the earlier ones with OFFSET, so the last page of a large section costs
    what the first does. Keys of deleted or hidden rows leave gaps, so a page
    may hold fewer than ``per_page`` items (an empty page is still a valid
    answer, which a crawler takes as nothing to list).
    """

    def __init__(self, object_list, per_page, first_key, last_key):
        super().__init__(object_list, per_page)
        self.first_key = first_key or 0
        self.last_key = last_key or 0

    @cached_property
    def num_pages(self):
        if not self.last_key:
            return 1
        return max(1, math.ceil((self.last_key - self.first_key + 1) / self.per_page))

    def page(self, number):
        number = self.validate_number(number)
        start = self.first_key + (number - 1) * self.per_page
        items = self.object_list.filter(pk__gte=start, pk__lt=start + self.per_page)
        return self._get_page(items, number, self)


class SummarizedSitemap(Sitemap):
    """A sitemap section paged by key ranges, whose summary is one query of index seeks.

    Django's index asks each section for its page count (a COUNT of every
    item) and its latest lastmod (by default, a walk over every item). Here
    the pages are ranges of primary keys (``KeyRangePaginator``), so the page
    count needs only the smallest and the largest key, and the latest change
    is one more seek (``latest()``, the newest value of an indexed column).
    All three come in one query, once per request: the sitemap views build a
    fresh section from its class on every request.

    Subclasses give ``public()``, what readers may see, ordered by primary
    key; ``items()`` may add what a page shows of each item (its lastmod),
    computed only for the items of that page.
    """

    lastmod_field = "updated_at"
    # Rendering costs about 0.2 ms an item: a page of 5,000 took a second or
    # more at the large data set, one of 1,000 takes a fifth of that
    # (docs/search-limits.md). The protocol allows 50,000.
    limit = 1_000

    def public(self):
        raise NotImplementedError

    def items(self):
        return self.public()

    def first_key(self):
        """An expression for the smallest primary key of the section: one index seek."""
        return oldest(self.public(), "pk")

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
        """The section's smallest and largest keys and latest change; None when it is empty.

        Three scalar subqueries, each an index seek, on any one row of the section.
        """
        summary = (
            self.public()
            .order_by()
            .annotate(first_key=self.first_key(), last_key=self.last_key(), latest=self.latest())
        )
        return next(iter(summary.values("first_key", "last_key", "latest")[:1]), None)

    def get_latest_lastmod(self):
        return self.summary["latest"] if self.summary else None

    @property
    def paginator(self):
        summary = self.summary or {"first_key": 0, "last_key": 0}
        return KeyRangePaginator(
            self._items(), self.limit, summary["first_key"], summary["last_key"]
        )


class ShowSitemap(SummarizedSitemap):
    def public(self):
        return Show.objects.only("slug", "updated_at").order_by("pk")


class PersonSitemap(SummarizedSitemap):
    def public(self):
        return Person.objects.only("slug", "updated_at").order_by("pk")


class SongSitemap(SummarizedSitemap):
    def public(self):
        return Song.objects.only("slug", "updated_at").order_by("pk")
