"""Everything about search that differs between SQLite and PostgreSQL.

Names (shows, people, characters, songs) are matched the same way on both:
the folded query is looked for inside the stored ``search_names`` keys
(``|key|key|``, see catalog.names) and ranked exact name, then name prefix,
then anywhere in a name. Both answer that from trigram indexes (pg_trgm's
GIN indexes; FTS5 trigram tables on SQLite, see name_index). PostgreSQL with
pg_trgm adds near misses (a typo the folding does not cover) below those,
ordered by trigram word similarity. Only the first ``limit`` rows whose
names start with the key, and as many that hold it anywhere (and as many
near misses), are ranked: a common syllable is in a tenth of the catalog,
and ranking all of it would cost what the catalog weighs. A key of two
letters matches names that start with it only (``|key`` is three
characters, which the trigram indexes answer; docs/search-limits.md).

Write-ups are matched by full-text search over title, standfirst, body and
tags: SQLite's FTS5 ranked by bm25, PostgreSQL's tsvector ranked by ts_rank.
Every word must match, each as a prefix (Korean attaches particles to words);
words below the floor never get here (query.MIN_WORD_LENGTH).
Only the ``newest`` matches (by id, the order of both indexes) are ranked:
a common word matches a fifth of the archive, and ranking all of it would
cost what the archive weighs. Visibility is not decided here: callers pass
``WriteUp.objects.published()`` and get back the matches among those, ranked.
"""

from django.contrib.postgres.search import (
    SearchQuery,
    SearchRank,
    TrigramWordSimilarity,
)
from django.db import NotSupportedError, connection
from django.db.models import Case, F, Q, Subquery, Value, When
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce

from ..models import WriteUpFullText, WriteUpSearchVector
from . import name_index
from .query import MIN_INSIDE_NAME_LENGTH, letters

WORD_SIMILARITY_THRESHOLD = 0.5
# Near misses of shorter keys are most of the catalog, and hardly typos.
MIN_SIMILAR_LENGTH = 4


def name_tier(key):
    """0: a name is the key; 1: a name starts with it; 2: it is inside a name; 3: neither."""
    return Case(
        When(search_names__contains=f"|{key}|", then=Value(0)),
        When(search_names__contains=f"|{key}", then=Value(1)),
        When(search_names__contains=key, then=Value(2)),
        default=Value(3),
    )


class Backend:
    vendor = None
    index_model = None

    def containing(self, queryset, text):
        """The rows of ``queryset`` one of whose names holds ``text``."""
        return queryset.filter(search_names__contains=text)

    def candidates(self, queryset, key, limit):
        """Querysets of the keys of at most ``limit`` rows each: names that start with
        the key and, for keys long enough, names that hold it anywhere."""
        parts = [self.containing(queryset, f"|{key}")]
        if letters(key) >= MIN_INSIDE_NAME_LENGTH:
            parts.append(self.containing(queryset, key))
        return [part.order_by().values("pk")[:limit] for part in parts]

    def among(self, parts):
        """A filter for the rows in any of ``parts``."""
        condition = Q()
        for part in parts:
            condition |= Q(pk__in=part)
        return condition

    def match_names(self, queryset, key, order, limit):
        """Rows any of whose names contains the folded key, best match first."""
        return (
            queryset.filter(self.among(self.candidates(queryset, key, limit)))
            .annotate(search_tier=name_tier(key))
            .order_by("search_tier", *order)
        )

    def indexed_pks_sql(self):
        """SQL selecting the primary keys of the write-ups in the index."""
        return f"SELECT {self.index_model._meta.pk.column} FROM {self.index_model._meta.db_table}"

    def remove_orphans(self, cursor, writeup_table):
        """Delete the entries whose write-up is gone; return how many there were."""
        table, key = self.index_model._meta.db_table, self.index_model._meta.pk.column
        cursor.execute(f"DELETE FROM {table} WHERE {key} NOT IN (SELECT id FROM {writeup_table})")
        return cursor.rowcount


class SQLiteBackend(Backend):
    vendor = "sqlite"
    index_model = WriteUpFullText

    def containing(self, queryset, text):
        table = queryset.model._meta.db_table
        if table not in name_index.TABLES or len(text) < name_index.MIN_INDEXED_LENGTH:
            return super().containing(queryset, text)
        # The same LIKE, answered by the table's trigram index (name_index):
        # only the matching rows are read. Keys are letters and digits, so
        # nothing in them is a LIKE wildcard.
        matching = RawSQL(
            f"SELECT rowid FROM {name_index.index_table(table)} WHERE search_names LIKE %s",
            [f"%{text}%"],
        )
        return queryset.filter(pk__in=matching)

    def match_writeups(self, visible, terms, newest):
        if not terms:
            return visible.none()
        # Each word quoted (a phrase of one) so nothing the reader typed is
        # read as FTS5 syntax; a trailing * makes it a prefix.
        expression = " ".join(f'"{term}"*' for term in terms)
        matches = visible.filter(fulltext_entry__fts__match=expression)
        # The newest matches only: FTS5 gives them newest first (by rowid, the
        # write-up's id) and stops at the cut, and the ranking then reads the
        # rowids from the cut up, a range of the full-text index. (A list of
        # rowids would run the full-text query once per rowid.) The bound on
        # the rowid also keeps the full-text index leading the plan, ahead of
        # the write-up table's indexes.
        cut = matches.order_by("-fulltext_entry__pk").values("fulltext_entry__pk")
        return (
            matches.filter(fulltext_entry__pk__gte=Coalesce(Subquery(cut[newest - 1 : newest]), 0))
            .annotate(search_rank=F("fulltext_entry__rank"))
            .order_by("search_rank", "-published_at", "-pk")
        )

    def store(self, cursor, documents):
        table = self.index_model._meta.db_table
        cursor.executemany(
            f"DELETE FROM {table} WHERE rowid = %s", [(document.pk,) for document in documents]
        )
        cursor.executemany(
            f"INSERT INTO {table} (rowid, title, standfirst, tags, body) "
            "VALUES (%s, %s, %s, %s, %s)",
            documents,
        )

    def remove(self, cursor, pks):
        table = self.index_model._meta.db_table
        cursor.executemany(f"DELETE FROM {table} WHERE rowid = %s", [(pk,) for pk in pks])


class PostgreSQLBackend(Backend):
    vendor = "postgresql"
    index_model = WriteUpSearchVector
    config = "english"

    def among(self, parts):
        # One UNION: PostgreSQL plans an OR of IN subqueries as a scan of the
        # whole table (docs/search-limits.md).
        return Q(pk__in=parts[0].union(*parts[1:])) if len(parts) > 1 else Q(pk__in=parts[0])

    def match_names(self, queryset, key, order, limit):
        if not trigram_available():
            return super().match_names(queryset, key, order, limit)
        parts = self.candidates(queryset, key, limit)
        if letters(key) >= MIN_SIMILAR_LENGTH:
            similar = queryset.filter(search_names__trigram_word_similar=key)
            parts.append(similar.order_by().values("pk")[:limit])
        return (
            queryset.filter(self.among(parts))
            .annotate(
                search_tier=name_tier(key),
                search_similarity=TrigramWordSimilarity(key, "search_names"),
            )
            .order_by("search_tier", "-search_similarity", *order)
        )

    def match_writeups(self, visible, terms, newest):
        if not terms:
            return visible.none()
        # A raw tsquery: the words are letters and digits only, so quoting
        # them is all the escaping needed; ":*" makes each a prefix.
        tsquery = " & ".join(f"'{term}':*" for term in terms)
        query = SearchQuery(tsquery, search_type="raw", config=self.config)
        # The newest matches, by id: a walk back along the primary keys of
        # the visible write-ups and of the vectors that stops at the limit,
        # then only those vectors are read again to be ranked.
        latest = visible.filter(vector_entry__document=query).order_by("-pk").values("pk")[:newest]
        return (
            visible.filter(pk__in=latest)
            .annotate(search_rank=SearchRank(F("vector_entry__document"), query))
            .order_by("-search_rank", "-published_at", "-pk")
        )

    def store(self, cursor, documents):
        weighted = " || ".join(
            f"setweight(to_tsvector('{self.config}', %s), '{weight}')" for weight in "ABBD"
        )
        cursor.executemany(
            f"INSERT INTO {self.index_model._meta.db_table} (writeup_id, document) "
            f"VALUES (%s, {weighted}) "
            "ON CONFLICT (writeup_id) DO UPDATE SET document = EXCLUDED.document",
            documents,
        )

    def remove(self, cursor, pks):
        cursor.execute(
            f"DELETE FROM {self.index_model._meta.db_table} WHERE writeup_id = ANY(%s)",
            [list(pks)],
        )


_BACKENDS = {backend.vendor: backend() for backend in (SQLiteBackend, PostgreSQLBackend)}


def get_backend(using_connection=None):
    """The search backend for a database connection (the default one if none given)."""
    vendor = (using_connection or connection).vendor
    try:
        return _BACKENDS[vendor]
    except KeyError:
        raise NotSupportedError(f"Search supports SQLite and PostgreSQL, not {vendor}.") from None


def detect_trigram(using_connection):
    """Note on the connection whether pg_trgm is installed, and set its threshold.

    Run when a connection opens and after migrations (which may have just
    created the extension), so a search never spends a query finding out.
    The default word-similarity threshold (0.6) misses one-letter typos in
    folded names ("hyungsicg" for "hyungsig"); 0.5 catches them.
    """
    if using_connection.vendor != "postgresql":
        return
    with using_connection.cursor() as cursor:
        cursor.execute("SELECT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm')")
        using_connection.search_has_trigram = cursor.fetchone()[0]
        if using_connection.search_has_trigram:
            cursor.execute(f"SET pg_trgm.word_similarity_threshold = {WORD_SIMILARITY_THRESHOLD}")


def trigram_available(using_connection=None):
    using_connection = using_connection or connection
    # Opening the connection is what detects the extension.
    using_connection.ensure_connection()
    return getattr(using_connection, "search_has_trigram", False)
