"""Which write-ups readers may see, and how lists of them are loaded and ranked.

``WriteUp.objects`` is this queryset (reviews/models/writeups.py).
"""

from django.db import models
from django.db.models import Avg, Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from taggit.models import Tag

from catalog.models.base import SlugQuerySet, descending_nulls_last

from .parts import TaggedWriteUp, WriteUpAuthor

# The columns WriteUp.spoiler_range reads (with episode__number, selected with them).
SPOILER_FIELDS = ("has_spoilers", "spoiler_from_episode", "spoiler_to_episode")

# The columns a write-up card reads (includes/writeup_cards.html).
CARD_FIELDS = (
    *("title", "slug", "kind", "standfirst", "rating", "status", "published_at", "trashed_at"),
    *("unpublish_at", "featured"),
    *("show__title", "show__slug", "show__episode_count", "episode__number", "outlet__name"),
    *SPOILER_FIELDS,
    # The card's image: the lead image, else the show's poster, else a cover set in type.
    *("lead_image", "lead_image_width", "lead_image_height", "lead_image_has_webp"),
    "lead_image_alt",
    *("show__poster", "show__poster_width", "show__poster_height", "show__poster_has_webp"),
    *("show__native_title", "show__year"),
)


class WriteUpQuerySet(SlugQuerySet):
    def published(self):
        """What readers may see: published, with a publish time that has come and an
        unpublish time (if any) still to come, not in the trash.

        Every public path (lists, pages, feeds, sitemap, search, ratings) starts
        here, so a draft, a piece scheduled for later, an expired or a trashed
        one never leaks.
        """
        now = timezone.now()
        return self.filter(
            Q(unpublish_at__isnull=True) | Q(unpublish_at__gt=now),
            status=self.model.Status.PUBLISHED,
            published_at__lte=now,
            trashed_at__isnull=True,
        )

    def not_trashed(self):
        """Every write-up an editor works on: drafts and scheduled pieces included."""
        return self.filter(trashed_at__isnull=True)

    def trashed(self):
        return self.filter(trashed_at__isnull=False)

    def trashed_before(self, moment):
        """Pieces in the trash since before ``moment``: what ``purge_trash`` deletes."""
        return self.filter(trashed_at__lt=moment)

    def visible_to(self, user):
        """What ``user`` may open at a write-up's address: staff who may view write-ups
        also preview drafts and scheduled pieces; nobody sees the trash there."""
        if user.is_staff and user.has_perm("reviews.view_writeup"):
            return self.not_trashed()
        return self.published()

    def with_bylines(self):
        """Authors, in byline order, for each write-up: one query however many."""
        bylines = WriteUpAuthor.objects.select_related("author").only(
            "writeup", "author__name", "author__slug"
        )
        return self.prefetch_related(models.Prefetch("bylines", queryset=bylines))

    def with_tags(self):
        """Tags for each write-up (``tag_list``), in the order they were added: one query.

        Through the tagged items rather than ``prefetch_related("tags")``:
        taggit's manager builds a filtered queryset for every write-up while
        its prefetch is stored (a third of a millisecond each, 30 in a feed),
        Django's reverse relation does not.
        """
        tagged = (
            TaggedWriteUp.objects.select_related("tag")
            .only("content_object", "tag__name", "tag__slug")
            .order_by("pk")
        )
        return self.prefetch_related(models.Prefetch("tagged_items", queryset=tagged))

    def signed_by(self, author):
        """``author``'s pieces newest first, read from the byline index a page at a time.

        The condition on the bylines' copy of the publish time repeats what
        published() asks, so PostgreSQL walks ``reviews_byline_listed`` rather
        than every visible write-up (docs/performance.md, "Author and tag pages").
        """
        return self.filter(
            bylines__author=author, bylines__published_at__lte=timezone.now()
        ).order_by("-bylines__published_at", "-bylines__writeup_id")

    def tagged(self, tag):
        """``tag``'s pieces newest first, from the tag links' index (as signed_by)."""
        return self.filter(
            tagged_items__tag=tag, tagged_items__published_at__lte=timezone.now()
        ).order_by("-tagged_items__published_at", "-tagged_items__content_object_id")

    def rated(self):
        return self.filter(rating__isnull=False)

    def for_cards(self):
        """What a list of write-up cards shows: show, episode, outlet, authors, tags.

        Only the columns a card shows: building the SQL for every column of
        four tables was a good part of a list's time (docs/performance.md).
        """
        return (
            self.select_related("show", "episode", "outlet")
            .only(*CARD_FIELDS)
            .with_bylines()
            .with_tags()
        )

    def lead_first(self):
        """The featured piece (one at most), then the rest newest first: the home page's order.

        An index in this order reads only the rows shown (docs/performance.md, "Home page").
        """
        return self.order_by("-featured", "-published_at", "-pk")

    def by_rating(self):
        """Highest overall rating first, unrated pieces last, newest first among equals."""
        return self.order_by(*descending_nulls_last("rating"), "-published_at", "-pk")

    def with_show_rating(self):
        """Annotate each write-up with its show's aggregate rating (see with_ratings).

        ``show_rating_average`` and ``show_rating_count`` are subqueries of the
        write-up query, so a page about one piece learns its show's standing
        without a query of its own.
        """
        average, count = _rating_subqueries(OuterRef("show"))
        return self.annotate(show_rating_average=average, show_rating_count=count)

    def neighbours(self, writeup):
        """The write-ups just before and just after ``writeup`` in publishing order.

        One query: two single-row subqueries joined by OR. Ties on the publish
        time are broken by primary key, the same order as ``Meta.ordering``.
        Pieces without a publish time (drafts) have no neighbours.
        """
        if writeup.published_at is None:
            return self.none()
        at, pk = writeup.published_at, writeup.pk
        # The redundant bound on published_at lets the index start at ``at``;
        # PostgreSQL does not derive it from the OR, and would walk from the oldest.
        earlier = self.filter(
            Q(published_at__lt=at) | Q(published_at=at, pk__lt=pk), published_at__lte=at
        )
        later = self.filter(
            Q(published_at__gt=at) | Q(published_at=at, pk__gt=pk), published_at__gte=at
        )
        # Two scalar subqueries: the outer query is then two primary-key lookups.
        return self.filter(
            Q(pk=Subquery(earlier.order_by("-published_at", "-pk").values("pk")[:1]))
            | Q(pk=Subquery(later.order_by("published_at", "pk").values("pk")[:1]))
        ).order_by("published_at", "pk")

    def sharing_tags(self, tag_ids, limit, per_tag):
        """The ``limit`` write-ups carrying the most of the tags, then the newest.

        ``shared_tags`` counts the matching tags of each. The candidates are
        bounded: the ``per_tag`` pieces most recently added under each tag
        (the newest links, read backwards from the tag's index), not every
        piece that has a popular tag. Only those are ranked, from the narrow
        index of the visible pieces, and only the winners are loaded.
        """
        if not tag_ids:
            return self.none()
        # Each arm wrapped in a filter on the primary key: SQLite refuses a
        # LIMIT inside a compound statement. Visibility is checked once, on
        # the winners, not in every arm (cheaper to build; docs/performance.md).
        every = self.model._default_manager.order_by()
        newest = [
            every.filter(
                pk__in=TaggedWriteUp.objects.filter(tag_id=tag_id)
                .order_by("-content_object")
                .values("content_object")[:per_tag]
            ).values("pk")
            for tag_id in tag_ids
        ]
        candidates = newest[0].union(*newest[1:], all=True)
        shared = Subquery(
            TaggedWriteUp.objects.filter(tag_id__in=tag_ids, content_object=OuterRef("pk"))
            .order_by()
            .values("content_object")
            .annotate(count=Count("pk"))
            .values("count")
        )
        ranking = ("-shared_tags", "-published_at", "-pk")
        winners = (
            self.filter(pk__in=candidates)
            .annotate(shared_tags=shared)
            .order_by(*ranking)
            .values("pk")[:limit]
        )
        return every.filter(pk__in=winners).annotate(shared_tags=shared).order_by(*ranking)

    def tag_counts(self):
        """The tags on these write-ups, each with ``writeup_count``, the most used first.

        Called on ``published()``, it is what readers may see of the tags: a tag
        found only on drafts or scheduled pieces is not in it. Called on a
        slice (``published()[:300]``, the latest 300), it counts those alone.
        """
        return (
            Tag.objects.filter(reviews_taggedwriteup_items__content_object__in=self.values("pk"))
            .annotate(writeup_count=Count("reviews_taggedwriteup_items"))
            .order_by("-writeup_count", "name")
        )


def _rating_subqueries(show):
    """The mean rating and the count of the published, scored write-ups on ``show``."""
    from .writeups import WriteUp  # the queryset is the model's; the model is defined after it

    rated = WriteUp.objects.published().rated().filter(show=show).order_by().values("show")
    return (
        Subquery(rated.annotate(average=Avg("rating")).values("average")),
        Coalesce(Subquery(rated.annotate(count=Count("pk")).values("count")), 0),
    )


def with_ratings(shows):
    """Annotate shows with their aggregate rating from published, scored write-ups.

    ``rating_average`` is the mean overall rating (out of RATING_SCALE) or None;
    ``rating_count`` how many write-ups it averages. Both are subqueries of the
    one show query, so a list of shows costs no extra query per show.
    """
    average, count = _rating_subqueries(OuterRef("pk"))
    return shows.annotate(rating_average=average, rating_count=count)
