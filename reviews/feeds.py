"""Atom feeds of published write-ups: the latest, per tag and per show.

Every feed starts from ``WriteUp.objects.published()``, and loads bylines and
tags with one prefetch each, so a feed costs the same few queries however
many items it carries. Every string a feed carries passes ``clean_text``
first (``CleanAtom1Feed``): a control character stored by a path that skips
``save()`` must not turn the whole feed into a server error.
"""

import html

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import Exists, OuterRef
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape, strip_tags
from django.utils.text import Truncator
from taggit.models import Tag

from catalog.models import Show
from reviews_site.cache import without_last_modified
from reviews_site.text import clean_text

from .models import TaggedWriteUp, WriteUp
from .spoilers import marker_label, without_blocks

# Entries per feed: the first page of the write-up list. Readers poll feeds
# often; twenty pieces cover well over a week of publishing.
FEED_SIZE = 20
SUMMARY_WORDS = 60


def _cleaned(value):
    if isinstance(value, list | tuple):
        return type(value)(_cleaned(item) for item in value)
    return clean_text(value)


class CleanAtom1Feed(Atom1Feed):
    """Atom, with the control characters XML 1.0 cannot carry taken out of every string."""

    def __init__(self, *args, **kwargs):
        super().__init__(*map(_cleaned, args), **{k: _cleaned(v) for k, v in kwargs.items()})

    def add_item(self, *args, **kwargs):
        super().add_item(*map(_cleaned, args), **{k: _cleaned(v) for k, v in kwargs.items()})


class LatestWriteUpsFeed(Feed):
    feed_type = CleanAtom1Feed
    # Nothing from the query string (reviews_site.cache); ETag only, no Last-Modified.
    query_parameters = frozenset()
    __call__ = without_last_modified(Feed.__call__)

    def title(self):
        return f"{settings.SITE_NAME}: latest write-ups"

    def subtitle(self):
        return settings.SITE_TAGLINE

    def link(self):
        return reverse("reviews:writeup_list")

    def writeups(self):
        # The Markdown source is never shown; the HTML is, for summaries.
        return (
            WriteUp.objects.published()
            .select_related("show", "episode")  # the spoiler marker's episode numbers
            .with_bylines()
            .with_tags()
            .defer("body", "search_document")
        )

    def items(self):
        return self.writeups()[:FEED_SIZE]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        """The standfirst, or the opening words of the body when there is none.

        Atom readers take a summary as HTML; this one is plain text, escaped.
        It starts with the spoiler marker ("Spoilers: episodes 1-4.") when
        there is one, and never quotes a spoiler block.
        """
        if item.standfirst:
            summary = item.standfirst
        else:
            body = html.unescape(strip_tags(without_blocks(item.body_html)))
            summary = Truncator(body).words(SUMMARY_WORDS)
        if marker := marker_label(item.spoiler_range, item.show.episode_count):
            summary = f"{marker}. {summary}"
        return escape(summary)

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_author_name(self, item):
        # An unsigned piece has no <author>, and the feed names none for it to inherit: the
        # site published it but did not write it. RFC 4287 asks for an author on every entry;
        # a false one is worse than none, and feed readers show an entry without one.
        return ", ".join(byline.author.name for byline in item.bylines.all()) or None

    def item_categories(self, item):
        return sorted(tag.name for tag in item.tag_list)


class TagFeed(LatestWriteUpsFeed):
    """Published write-ups with one tag; 404 for a tag no published write-up carries."""

    def get_object(self, request, slug):
        published = WriteUp.objects.published().values("pk")
        on_published = TaggedWriteUp.objects.filter(
            tag=OuterRef("pk"), content_object__in=published
        )
        return get_object_or_404(Tag.objects.filter(Exists(on_published)), slug=slug)

    def title(self, obj):
        return f"{settings.SITE_NAME}: write-ups tagged {obj.name}"

    def subtitle(self, obj):
        return f"The latest write-ups tagged {obj.name}."

    def link(self, obj):
        return reverse("reviews:tag_detail", kwargs={"slug": obj.slug})

    def items(self, obj):
        return self.writeups().filter(tagged_items__tag=obj)[:FEED_SIZE]


class ShowFeed(LatestWriteUpsFeed):
    """Published write-ups on one show; 404 for an unknown show."""

    def get_object(self, request, slug):
        return get_object_or_404(Show.objects.only("pk", "slug", "title"), slug=slug)

    def title(self, obj):
        return f"{settings.SITE_NAME}: write-ups on {obj.title}"

    def subtitle(self, obj):
        return f"Reviews, episode recaps and features on {obj.title}."

    def link(self, obj):
        return obj.get_absolute_url()

    def items(self, obj):
        return self.writeups().filter(show=obj)[:FEED_SIZE]
