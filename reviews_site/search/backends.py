"""How names and write-ups are matched and ranked, and what differs between the databases.

Names (shows, people, characters, songs): the folded query is looked for in
the stored ``search_names`` keys (``|key|key|``, catalog.names) with a plain
``LIKE``, ranked exact name, then name prefix, then anywhere in a name. Only
the first ``limit`` rows whose names start with the key, and as many that
hold it anywhere, are ranked (docs/search-limits.md). PostgreSQL answers the
``LIKE`` from pg_trgm GIN indexes (the extension is required) and adds near
misses below, by trigram word similarity; SQLite from FTS5 trigram tables
(name_index).

Write-ups: every word must match, each as a prefix; or the folded query is one
of the names the write-up writes (catalog.names ``written_name_keys``), so
"hyungsik" finds "Hyung-sik" as name search does. PostgreSQL matches the
weighted ``WriteUp.search_document`` and ranks with ``SearchRank``; SQLite
matches its FTS5 table (reviews migration 0003) and ranks title, then
standfirst, then the rest (bm25 would cost a read of every match per row).
Only the ``newest`` visible matches are ranked (docs/performance.md).
Visibility is the caller's: it passes ``WriteUp.objects.published()``.
"""

import operator
from functools import reduce

from django.contrib.postgres.search import SearchQuery, SearchRank, TrigramWordSimilarity
from django.db import connection
from django.db.models import Case, F, Q, Value, When
from django.db.models.expressions import RawSQL

from . import name_index
from .query import MIN_INSIDE_NAME_LENGTH, letters

WORD_SIMILARITY_THRESHOLD = 0.5
# Near misses of shorter keys are most of the catalog, and hardly typos.
MIN_SIMILAR_LENGTH = 4
SEARCH_CONFIG = "english"
# The folded names written in a write-up (weight C) are keys, not English words.
NAMES_CONFIG = "simple"
FTS_TABLE = "reviews_writeup_fts"


def name_tier(key):
    """0: a name is the key; 1: a name starts with it; 2: it is inside a name; 3: neither."""
    return Case(
        When(search_names__contains=f"|{key}|", then=Value(0)),
        When(search_names__contains=f"|{key}", then=Value(1)),
        When(search_names__contains=key, then=Value(2)),
        default=Value(3),
    )


def containing(queryset, text):
    """The rows of ``queryset`` one of whose names holds ``text``."""
    table = queryset.model._meta.db_table
    if connection.vendor != "sqlite" or len(text) < name_index.MIN_INDEXED_LENGTH:
        return queryset.filter(search_names__contains=text)
    # The same LIKE, answered by the table's trigram index: only the matching
    # rows are read. Keys are letters and digits: no LIKE wildcard in them.
    matching = f"SELECT rowid FROM {name_index.index_table(table)} WHERE search_names LIKE %s"
    return queryset.filter(pk__in=RawSQL(matching, [f"%{text}%"]))


def match_names(queryset, key, order, limit):
    """Rows any of whose names contains the folded key, best match first."""
    parts = [containing(queryset, f"|{key}")]
    if letters(key) >= MIN_INSIDE_NAME_LENGTH:
        parts.append(containing(queryset, key))
    similar = connection.vendor == "postgresql" and letters(key) >= MIN_SIMILAR_LENGTH
    if similar:
        parts.append(queryset.filter(search_names__trigram_word_similar=key))
    parts = [part.order_by().values("pk")[:limit] for part in parts]
    if connection.vendor == "postgresql":
        # One UNION: PostgreSQL plans an OR of IN subqueries as a scan of the
        # whole table (docs/search-limits.md).
        among = Q(pk__in=parts[0].union(*parts[1:]))
    else:
        # SQLite allows no LIMIT inside a UNION's parts.
        among = Q()
        for part in parts:
            among |= Q(pk__in=part)
    matches = queryset.filter(among).annotate(search_tier=name_tier(key))
    if not similar:
        return matches.order_by("search_tier", *order)
    similarity = TrigramWordSimilarity(key, "search_names")
    return matches.annotate(search_similarity=similarity).order_by(
        "search_tier", "-search_similarity", *order
    )


def match_writeups(visible, terms, newest, name_key=""):
    """The newest ``newest`` write-ups of ``visible`` holding every term (as a prefix), or
    writing a name whose folded key is ``name_key`` (catalog.names ``written_name_keys``), ranked.
    """
    if not terms and not name_key:
        return visible.none()
    if connection.vendor == "postgresql":
        # The terms and the key are letters and digits only, so quoting them is
        # all the escaping a raw tsquery needs; ":*" makes a term a prefix, and
        # the weights keep the words (A, B, D) and the written names (C) apart.
        queries = []
        if terms:
            words = " & ".join(f"'{term}':*ABD" for term in terms)
            queries.append(SearchQuery(words, search_type="raw", config=SEARCH_CONFIG))
        if name_key:
            queries.append(SearchQuery(f"'{name_key}':C", search_type="raw", config=NAMES_CONFIG))
        query = reduce(operator.or_, queries)
        # The newest matches, by id: a walk back along the primary keys that
        # stops at the limit; only those are ranked.
        latest = visible.filter(search_document=query).order_by("-pk").values("pk")[:newest]
        rank = SearchRank(F("search_document"), query)
        order = "-search_rank"
    else:
        # Each term quoted (a phrase of one) so nothing typed is FTS5 syntax;
        # a trailing * makes it a prefix. FTS5 hands the matches newest first
        # and each is looked up in ``visible`` until ``newest`` are found.
        clauses = []
        if terms:
            words = " ".join(f'"{term}"*' for term in terms)
            clauses.append(f"{{title standfirst tags body}} : ({words})")
        if name_key:
            clauses.append(f'names : "{name_key}"')
        expression = " OR ".join(clauses)
        visible_row = visible.filter(pk=RawSQL(f"{FTS_TABLE}.rowid", ())).values("pk")
        row_sql, row_params = visible_row.query.sql_with_params()
        latest = RawSQL(
            f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s AND EXISTS ({row_sql}) "
            "ORDER BY rowid DESC LIMIT %s",
            [expression, *row_params, newest],
        )
        # Ranked by where the words are (bm25 per row would read every match).
        rank = sum(
            (
                Case(
                    When(title__icontains=term, then=Value(0)),
                    When(standfirst__icontains=term, then=Value(1)),
                    default=Value(2),
                )
                for term in terms
            ),
            Value(0),
        )
        order = "search_rank"
    return (
        visible.filter(pk__in=latest)
        .annotate(search_rank=rank)
        .order_by(order, "-published_at", "-pk")
    )


def set_trigram_threshold(sender, connection, **kwargs):
    """On each new PostgreSQL connection: the default word-similarity threshold (0.6)
    misses one-letter typos in folded names ("hyungsicg" for "hyungsig"); 0.5 catches them."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"SET pg_trgm.word_similarity_threshold = {WORD_SIMILARITY_THRESHOLD}")
