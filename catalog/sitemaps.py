"""Sitemap sections for the catalog: shows, people and songs.

Every catalog page is public. ``SummarizedSitemap`` makes a section cost one
query in the sitemap index, whatever its size (see its docstring).
"""

from django.contrib.sitemaps import Sitemap
from django.core.paginator import Paginator
from django.db.models import Count, Max
from django.utils.functional import cached_property

from .models import Person, Show, Song


class SummarizedSitemap(Sitemap):
    """A sitemap section whose size and latest change come from one aggregate query.

    Django's index asks each section for its page count (a COUNT query) and
    its latest lastmod (by default, a walk over every item). Here both come
    from one ``COUNT``/``MAX`` aggregate, computed once per request: the
    sitemap views build a fresh section from its class on every request.

    Subclasses give ``queryset()``, ordered, with ``lastmod_field`` (a field
    or an annotation) on every item.
    """

    lastmod_field = "updated_at"
    limit = 5_000

    def queryset(self):
        raise NotImplementedError

    def items(self):
        return self.queryset()

    def lastmod(self, item):
        return getattr(item, self.lastmod_field)

    @cached_property
    def summary(self):
        return (
            self.queryset().order_by().aggregate(count=Count("pk"), latest=Max(self.lastmod_field))
        )

    def get_latest_lastmod(self):
        return self.summary["latest"]

    @property
    def paginator(self):
        paginator = Paginator(self._items(), self.limit)
        paginator.count = self.summary["count"]
        return paginator


class ShowSitemap(SummarizedSitemap):
    def queryset(self):
        return Show.objects.only("slug", "updated_at").order_by("pk")


class PersonSitemap(SummarizedSitemap):
    def queryset(self):
        return Person.objects.only("slug", "updated_at").order_by("pk")


class SongSitemap(SummarizedSitemap):
    def queryset(self):
        return Song.objects.only("slug", "updated_at").order_by("pk")
