"""The five kinds of search result: what each matches, how it is ranked, what it loads.

Each kind turns a cleaned query into one ranked queryset of what readers may
see, with everything its result line shows selected or prefetched, so a page
of results costs the same few queries however many results there are.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, Window

from catalog.models import Credit, Person, Show, Song, SongPerformer
from reviews.models import WriteUp
from reviews.models.querysets import SPOILER_FIELDS

from . import backends

# A common word matches a fifth of the archive: only the newest this many
# matching write-ups are ranked and counted, and the count then reads "500+"
# (1,000 put the page past twice its cost with the fixtures; docs/performance.md).
MAX_WRITEUP_MATCHES = 500
# A common syllable is in a tenth of the catalog: only this many rows whose
# names start with the key, and as many holding it anywhere, are ranked and
# counted (a PostgreSQL plan turns from index seeks to a table scan past a
# few hundred; docs/search-limits.md).
MAX_NAME_MATCHES = 200


def _by_name(queryset, query, order):
    if not query.key:
        return queryset.none()
    return backends.match_names(queryset, query.key, order, limit=MAX_NAME_MATCHES)


def match_shows(query):
    return _by_name(Show.objects.select_related("network"), query, ("title", "pk"))


def match_people(query):
    return _by_name(Person.objects.all(), query, ("name", "pk"))


def match_characters(query):
    credits = Credit.objects.cast().select_related("person", "show")
    return _by_name(credits, query, ("character_name", "show__title", "pk"))


def match_songs(query):
    performers = SongPerformer.objects.select_related("person")
    songs = Song.objects.select_related("show").prefetch_related(
        Prefetch("performances", queryset=performers)
    )
    return _by_name(songs, query, ("title", "pk"))


def match_writeups(query):
    visible = WriteUp.objects.published()
    for number in query.numbers:
        # Too short for the full-text index, but "episode 2" means episode 2.
        visible = visible.filter(Q(title__icontains=number) | Q(standfirst__icontains=number))
    matches = backends.match_writeups(
        visible, query.terms, newest=MAX_WRITEUP_MATCHES, name_key=query.written_name_key
    )
    # Only what a result line shows: up to MAX_WRITEUP_MATCHES rows are
    # ranked and counted, and every column selected is carried through the sort.
    return (
        matches.select_related("show", "episode")
        .with_bylines()
        .only(
            *("title", "slug", "kind", "standfirst", "published_at", "show__title", "show__slug"),
            *("show__episode_count", "episode__number", *SPOILER_FIELDS),
            *("lead_image", "lead_image_width", "lead_image_height", "lead_image_has_webp"),
            *("show__poster", "show__poster_width", "show__poster_height", "show__poster_has_webp"),
            *("show__native_title", "show__year"),
        )
    )


@dataclass(frozen=True)
class ResultKind:
    key: str  # the ?type= value
    label: str
    results: Callable  # ReaderQuery -> ranked QuerySet
    writeups: bool = False  # cut at MAX_WRITEUP_MATCHES, else at MAX_NAME_MATCHES

    def total_label(self, total):
        """The count as readers see it: "500+" when the matches were cut there."""
        limit = MAX_WRITEUP_MATCHES if self.writeups else MAX_NAME_MATCHES
        if total >= limit:
            return f"{limit:,}+"
        return f"{total:,}"

    def top(self, query, size):
        """The best ``size`` matches, each carrying ``search_total``, the count of all.

        The count is a window over the same query, so the overview spends one
        query per kind (plus its prefetches) and can still say "More shows (23)".
        """
        return list(self.results(query).annotate(search_total=Window(Count("pk")))[:size])


KINDS = (
    ResultKind("shows", "Shows", match_shows),
    ResultKind("people", "People", match_people),
    ResultKind("characters", "Characters", match_characters),
    ResultKind("songs", "Songs", match_songs),
    ResultKind("writeups", "Write-ups", match_writeups, writeups=True),
)
KINDS_BY_KEY = {kind.key: kind for kind in KINDS}
