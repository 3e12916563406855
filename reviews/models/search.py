"""The write-up search index, as the ORM sees it.

Each database keeps its own index table, created by migration
``reviews.0003_search`` on that database only and filled by
``reviews.search_index``. Neither is managed by Django: the models exist so
that a search is one ordinary join from ``WriteUp`` (``fulltext_entry`` on
SQLite, ``vector_entry`` on PostgreSQL) and a ranked, paginated queryset like
any other. Only ``reviews.search.backends`` queries them.

There is no foreign key in the database: ``flush`` empties the write-up table
without knowing the index exists, and the index is then brought back in step
after ``post_migrate`` (see ``reviews.search_index.sync_index``).
"""

from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Lookup

from .writeups import WriteUp


class FullTextMatchField(models.TextField):
    """The hidden FTS5 column named after its table: the left side of ``MATCH``."""


@FullTextMatchField.register_lookup
class FullTextMatch(Lookup):
    lookup_name = "match"

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} MATCH {rhs}", [*lhs_params, *rhs_params]


class WriteUpFullText(models.Model):
    """SQLite: an FTS5 virtual table whose rowid is the write-up's id.

    ``fts`` and ``rank`` are FTS5's hidden columns; ``rank`` is the bm25
    score with the column weights the migration configured (lower is better).
    """

    writeup = models.OneToOneField(
        WriteUp,
        primary_key=True,
        db_column="rowid",
        db_constraint=False,
        on_delete=models.DO_NOTHING,
        related_name="fulltext_entry",
    )
    title = models.TextField()
    standfirst = models.TextField()
    body = models.TextField()
    tags = models.TextField()
    fts = FullTextMatchField(db_column="reviews_writeup_fts")
    rank = models.FloatField()

    class Meta:
        managed = False
        db_table = "reviews_writeup_fts"
        default_permissions = ()
        verbose_name = "write-up full-text entry (SQLite)"

    def __str__(self):
        return f"Full-text entry of write-up {self.writeup_id}"


class WriteUpSearchVector(models.Model):
    """PostgreSQL: one weighted tsvector per write-up, under a GIN index."""

    writeup = models.OneToOneField(
        WriteUp,
        primary_key=True,
        db_constraint=False,
        on_delete=models.DO_NOTHING,
        related_name="vector_entry",
    )
    document = SearchVectorField()

    class Meta:
        managed = False
        db_table = "reviews_writeup_tsv"
        default_permissions = ()
        verbose_name = "write-up search vector (PostgreSQL)"

    def __str__(self):
        return f"Search vector of write-up {self.writeup_id}"
