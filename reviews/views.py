"""Readers' pages of the reviews app: the write-up list, a write-up, a tag, an author.

Every page starts from ``WriteUp.objects.published()``. Only the write-up
page widens it, and only for staff allowed to view write-ups in the admin, so
that editors can preview drafts and scheduled pieces at their real address.
Each page runs a fixed number of queries whatever the amount of data
(tests/test_reviews_query_counts.py pins them).
"""

from django.db.models import Exists, OuterRef
from django.shortcuts import get_object_or_404
from django.utils.cache import add_never_cache_headers
from django.views.generic import DetailView, ListView
from taggit.models import Tag

from catalog.models import Credit, Person
from catalog.models.base import listed
from reviews_site.pagination import ListPaginator
from reviews_site.watched import progress

from .forms import WriteUpFilterForm
from .mentions import in_this_article
from .models import Author, WriteUp
from .spoilers import is_ahead
from .staged import apply_in_memory, staged_for
from .structured_data import writeup_data

PAGE_SIZE = 20
# How many write-ups each of the detail page's "More about" and "Related" lists.
SIDEBAR_SIZE = 4
# "Related" ranks the pieces most recently added under each of the piece's
# tags, this many per tag, rather than every piece that shares a tag.
RELATED_PER_TAG = 100
# ... and looks at this many of the piece's tags (the first added): each is
# an arm of a UNION, and SQLite refuses more than 500 arms.
RELATED_TAGS = 20


class WriteUpCardsMixin:
    """A paginated list of published write-ups shown as cards."""

    paginate_by = PAGE_SIZE
    paginator_class = ListPaginator
    context_object_name = "writeups"
    # What the page reads from the query string; the page cache drops the rest.
    query_parameters = frozenset({"page"})

    def get_queryset(self):
        return WriteUp.objects.published().for_cards()


class WriteUpListView(WriteUpCardsMixin, ListView):
    """/reviews/: every published write-up, filtered and sorted from the query string.

    Invalid filters re-render the page with the form's messages and status
    400 rather than silently showing everything.
    """

    template_name = "reviews/writeup_list.html"
    query_parameters = frozenset({"page", *WriteUpFilterForm.base_fields})

    def get(self, request, *args, **kwargs):
        self.form = WriteUpFilterForm(request.GET)
        response = super().get(request, *args, **kwargs)
        if not self.form.is_valid():
            response.status_code = 400
        return response

    def get_queryset(self):
        if not self.form.is_valid():
            return WriteUp.objects.none()
        return self.form.filter(super().get_queryset())

    def get_paginate_by(self, queryset):
        # With invalid filters there is nothing to page through: a page number
        # must not turn the 400 into a 404.
        return self.paginate_by if self.form.is_valid() else None

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            form=self.form,
            list_heading=self.form.heading(),
            active_filters=self.form.active_filters(),
            **kwargs,
        )


class TagDetailView(WriteUpCardsMixin, ListView):
    """A tag's published write-ups. A tag found only on unpublished pieces is a 404."""

    template_name = "reviews/tag_detail.html"

    def get_queryset(self):
        # Exists, not a count of the tag's write-ups: it stops at the first one.
        on_published = WriteUp.objects.published().filter(tagged_items__tag=OuterRef("pk"))
        # Its description (if any) comes in the same query.
        tags = Tag.objects.filter(Exists(on_published)).select_related("description")
        self.tag = get_object_or_404(tags, slug=self.kwargs["slug"])
        return super().get_queryset().tagged(self.tag)

    def get_context_data(self, **kwargs):
        return super().get_context_data(tag=self.tag, **kwargs)


class AuthorDetailView(WriteUpCardsMixin, ListView):
    """An author's profile and published write-ups; 404 for an author with none yet.

    Like a tag, an author is public through their published pieces: a byline
    seen only on drafts and scheduled pieces has no page (and no sitemap entry).
    """

    template_name = "reviews/author_detail.html"

    def get_queryset(self):
        signed = WriteUp.objects.published().filter(bylines__author=OuterRef("pk"))
        self.author = get_object_or_404(
            Author.objects.filter(Exists(signed)), slug=self.kwargs["slug"]
        )
        return super().get_queryset().signed_by(self.author)

    def get_context_data(self, **kwargs):
        return super().get_context_data(author=self.author, **kwargs)


# Columns the write-up page never reads: the Markdown source (the page shows
# body_html) and the wide or bookkeeping columns of the rows joined to it.
DETAIL_UNREAD = (
    *("body", "created_at", "version", "trashed_by", "search_document"),
    *(f"show__{name}" for name in ("synopsis", "search_names", "runtime_minutes", "version")),
    *(f"episode__{name}" for name in ("synopsis", "air_date", "runtime_minutes", "version")),
)


# The show's leads for a write-up page, a column of the write-up's own query.
LEADS = Credit.objects.cast().filter(billing=Credit.Billing.LEAD)
LEAD_FIELDS = ("order", "pk", "character_name", "person__name", "person__slug")


def lead_credits(rows):
    """The credits of a ``listed_leads`` column in credit order (``order``, then pk)."""
    return [
        Credit(character_name=character, person=Person(name=name, slug=slug))
        for _, _, character, name, slug in sorted(rows or ())
    ]


class WriteUpDetailView(DetailView):
    """One write-up with its scores, verdict, show card and what to read next.

    Staff who may view write-ups also reach drafts and scheduled pieces here:
    the page then carries a banner, is kept out of search engines and out of
    every cache.
    """

    context_object_name = "writeup"
    query_parameters = frozenset()
    # Folded by the reader's progress through the show (reviews_site.watched).
    reads_watched_progress = True

    def get_queryset(self):
        return (
            WriteUp.objects.visible_to(self.request.user)
            .select_related("show__network", "episode", "outlet")
            .defer(*DETAIL_UNREAD)
            .with_show_rating()
            .with_bylines()
            .with_tags()
            .prefetch_related("scores")
            .annotate(listed_leads=listed(LEADS, "show", *LEAD_FIELDS, outer="show"))
        )

    def get_object(self, queryset=None):
        writeup = super().get_object(queryset)
        self.stored_show_id = writeup.show_id
        # Staff preview the unpublished changes to a live piece (reviews/staged.py).
        staged = staged_for(self.request.user, writeup)
        self.staged_preview = staged is not None and apply_in_memory(writeup, staged)
        if writeup.episode is not None and writeup.episode.show_id == writeup.show_id:
            writeup.episode.show = writeup.show  # its address needs the show's slug
        return writeup

    def get_context_data(self, **kwargs):
        writeup = self.object
        published = WriteUp.objects.published()
        more_from_show = list(
            published.filter(show=writeup.show_id)
            .exclude(pk=writeup.pk)
            .select_related("episode")
            .only("title", "slug", "kind", "published_at", "episode__number")[:SIDEBAR_SIZE]
        )
        shown = [writeup.pk, *(other.pk for other in more_from_show)]
        related = (
            published.exclude(pk__in=shown)
            .sharing_tags(
                [tag.pk for tag in writeup.tag_list[:RELATED_TAGS]],
                limit=SIDEBAR_SIZE,
                per_tag=RELATED_PER_TAG,
            )
            .select_related("show")
            .only("title", "slug", "kind", "published_at", "show__title")
        )
        previous_writeup = next_writeup = None
        for other in published.neighbours(writeup).only("title", "slug", "published_at"):
            if (other.published_at, other.pk) < (writeup.published_at, writeup.pk):
                previous_writeup = other
            else:
                next_writeup = other
        if writeup.show_id == self.stored_show_id:
            leads = lead_credits(writeup.listed_leads)
        else:  # staff preview a staged move to another show
            leads = (
                LEADS.filter(show=writeup.show_id)
                .select_related("person")
                .only("character_name", "person__name", "person__slug")
            )
        preview = not writeup.is_published or self.staged_preview
        watched = progress(self.request, writeup.show)
        return super().get_context_data(
            preview=preview,
            staged_preview=self.staged_preview,
            watched=watched,
            folded=is_ahead(writeup.spoiler_range, watched, writeup.show.episode_count),
            in_this_article=in_this_article(writeup),
            structured_data=writeup_data(writeup, self.request),
            leads=leads,
            more_from_show=more_from_show,
            related=related,
            previous_writeup=previous_writeup,
            next_writeup=next_writeup,
            **kwargs,
        )

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        if context["preview"]:
            add_never_cache_headers(response)
            response.headers["X-Robots-Tag"] = "noindex"
        return response
