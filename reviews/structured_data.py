"""schema.org JSON-LD for write-ups and author pages.

Built from the objects the write-up view already loaded (show, episode and
outlet by ``select_related``, bylines and tags prefetched), so it costs no
query. What each kind of write-up becomes:

- a review is a ``Review`` whose ``itemReviewed`` is the show (a TVSeries, a
  Movie for a film), with a ``reviewRating`` out of 10 when it is scored;
- a feature is an ``Article`` ``about`` the show;
- a recap is an ``Article`` ``about`` the TVEpisode it covers (with the
  series as ``partOfSeries``), or about the show when no episode is set.

The publisher is the outlet when the piece first appeared in one (the
outlet published the work; this site republishes it), otherwise the site
itself as an Organization. The authors are the bylines; an unsigned piece has
no ``author`` at all (it is not credited to the site).
"""

from django.utils.timezone import localtime

from catalog.structured_data import episode_ref, show_ref
from reviews_site.structured_data import (
    BEST_RATING,
    SCHEMA_CONTEXT,
    WORST_RATING,
    absolute,
    compact,
    image_url,
    site_organization,
)

from .models import WriteUp
from .ratings import rating_text

WRITEUP_TYPES = {
    WriteUp.Kind.REVIEW: "Review",
    WriteUp.Kind.RECAP: "Article",
    WriteUp.Kind.FEATURE: "Article",
}
# Write-ups are written in English, whatever the language of the show.
WRITEUP_LANGUAGE = "en"


def author_ref(author, request):
    return {
        "@type": "Person",
        "name": author.name,
        "url": absolute(request, author.get_absolute_url()),
    }


def publisher(writeup, request):
    """The outlet the piece first appeared in, or the site itself."""
    outlet = writeup.outlet
    if outlet is None:
        return site_organization(request)
    return compact({"@type": "Organization", "name": outlet.name, "url": outlet.website})


def subject(writeup, request):
    """What the piece is about: the episode for a recap that names one, else the show."""
    show = writeup.show
    if writeup.kind == WriteUp.Kind.RECAP and writeup.episode is not None:
        return episode_ref(writeup.episode, show, request)
    return show_ref(show, request)


def writeup_data(writeup, request):
    """The write-up page's JSON-LD, or None for a piece readers cannot see yet.

    A staff preview of a draft or a scheduled piece therefore emits none:
    search engines never learn of an unpublished piece, nor of its rating.
    """
    if not writeup.is_published:
        return None
    url = absolute(request, writeup.get_absolute_url())
    kind = WRITEUP_TYPES.get(writeup.kind, "Article")
    data = {
        "@context": SCHEMA_CONTEXT,
        "@type": kind,
        "headline": writeup.title,
        "description": writeup.standfirst,
        "url": url,
        "mainEntityOfPage": url,
        "inLanguage": WRITEUP_LANGUAGE,
        # In the site's time zone, as the page and its article:* tags show them.
        "datePublished": localtime(writeup.published_at).isoformat(),
        # A piece edited before its scheduled time was not modified after publication.
        "dateModified": localtime(max(writeup.updated_at, writeup.published_at)).isoformat(),
        # An unsigned piece names no author: the site published it, it did not write it.
        "author": [author_ref(byline.author, request) for byline in writeup.bylines.all()],
        "publisher": publisher(writeup, request),
        "image": image_url(request, writeup.show.poster),
        "keywords": [tag.name for tag in writeup.tag_list],
    }
    if kind == "Review":
        data["itemReviewed"] = subject(writeup, request)
        if writeup.rating is not None:
            data["reviewRating"] = {
                "@type": "Rating",
                "ratingValue": rating_text(writeup.rating),
                "bestRating": BEST_RATING,
                "worstRating": WORST_RATING,
            }
    else:
        data["articleSection"] = writeup.get_kind_display()
        data["about"] = subject(writeup, request)
    return compact(data)


def author_data(author, request):
    """The author page as a ProfilePage whose main entity is the author."""
    url = absolute(request, author.get_absolute_url())
    return {
        "@context": SCHEMA_CONTEXT,
        "@type": "ProfilePage",
        "url": url,
        "mainEntity": compact(
            {
                **author_ref(author, request),
                "description": author.bio,
                "sameAs": [author.website] if author.website else None,
            }
        ),
    }
