"""Keep the write-up search index in step: on PostgreSQL ``WriteUp.search_document``,
on SQLite the FTS5 table ``reviews_writeup_fts`` (backends).

Every write-up is indexed, drafts included; ``published()`` decides at
search time what readers see, so a scheduled piece turns up on time. A
write-up saved or deleted, a tag put on, taken off or renamed re-indexes the
write-ups concerned. ``QuerySet.update()`` and ``bulk_create`` send no
signals (a tag merge, reviews.tag_vocabulary, reindexes its write-ups itself):
``manage.py rebuild_search_index`` (idempotent) writes it all again,
SQLite's name indexes (name_index) included.
"""

from django.contrib.postgres.aggregates import StringAgg
from django.contrib.postgres.search import SearchVector
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.models import OuterRef, Subquery, TextField, Value
from django.db.models.functions import Coalesce, Concat, Substr
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save
from taggit.models import Tag

from catalog.names import written_name_keys
from reviews.models import TaggedWriteUp, WriteUp

from . import name_index
from .backends import FTS_TABLE, NAMES_CONFIG, SEARCH_CONFIG

INDEXED_FIELDS = {"title", "standfirst", "body"}
# PostgreSQL refuses a tsvector above 1 MB; no review comes near this many characters.
MAX_INDEXED_BODY = 100_000
BATCH_SIZE = 500
ADD_NAMES_SQL = (
    "UPDATE reviews_writeup SET search_document = coalesce(search_document, '') || "
    f"setweight(to_tsvector('{NAMES_CONFIG}', %s), 'C') WHERE id = %s"
)
# SQLite: a write-up's tag names, joined by ", ".
SQLITE_TAGS = (
    "SELECT group_concat(t.name, ', ') FROM reviews_taggedwriteup tw "
    "JOIN taggit_tag t ON t.id = tw.tag_id WHERE tw.content_object_id = w.id"
)


def search_document(using=DEFAULT_DB_ALIAS):
    """PostgreSQL: the weighted vector of a write-up: title A, standfirst and tags B, body D.

    The folded names the texts write are added at weight C (``_add_written_names``).
    """
    tags = (
        TaggedWriteUp.objects.using(using)
        .filter(content_object_id=OuterRef("pk"))
        .values("content_object_id")
        .annotate(names=StringAgg("tag__name", ", ", order_by="tag__name"))
        .values("names")
    )
    tags = Coalesce(Subquery(tags), Value(""), output_field=TextField())
    standfirst = Concat("standfirst", Value(" "), tags, output_field=TextField())
    return (
        SearchVector("title", weight="A", config=SEARCH_CONFIG)
        + SearchVector(standfirst, weight="B", config=SEARCH_CONFIG)
        + SearchVector(Substr("body", 1, MAX_INDEXED_BODY), weight="D", config=SEARCH_CONFIG)
    )


def index_writeups(pks=None, using=DEFAULT_DB_ALIAS):
    """(Re)write the index of these write-ups (all of them when ``pks`` is None)."""
    if pks is None:
        _index(None, using)
        if connections[using].vendor == "postgresql":
            with connections[using].cursor() as cursor:
                cursor.execute("ANALYZE reviews_writeup")  # every row was rewritten
        return
    pks = sorted(set(pks))
    for start in range(0, len(pks), BATCH_SIZE):
        _index(pks[start : start + BATCH_SIZE], using)


def _index(pks, using):
    connection = connections[using]
    if connection.vendor == "postgresql":
        writeups = WriteUp._base_manager.using(using)
        if pks is not None:
            writeups = writeups.filter(pk__in=pks)
        with transaction.atomic(using=using):
            writeups.update(search_document=search_document(using))
            _add_written_names(writeups, connection)
        return
    # SQLite's FTS5 table has no ORM: a delete, then the rows with their written names.
    among = "" if pks is None else f" IN ({', '.join(['%s'] * len(pks))})"
    params = pks or []
    with transaction.atomic(using=using), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {FTS_TABLE}" + (f" WHERE rowid{among}" if pks else ""), params)
        cursor.execute(
            f"SELECT w.id, w.title, w.standfirst, coalesce(({SQLITE_TAGS}), ''), "
            f"substr(w.body, 1, {MAX_INDEXED_BODY}) FROM reviews_writeup w"
            + (f" WHERE w.id{among}" if pks else ""),
            params,
        )
        with connection.cursor() as writer:
            while rows := cursor.fetchmany(BATCH_SIZE):
                writer.executemany(
                    f"INSERT INTO {FTS_TABLE} (rowid, title, standfirst, tags, body, names) "
                    "VALUES (%s, %s, %s, %s, %s, %s)",
                    [(*row, written_names(row[1], row[2], row[4])) for row in rows],
                )


def written_names(*texts):
    """The folded keys of the names a write-up's texts write, space-separated."""
    return " ".join(written_name_keys("\n".join(texts)))


def _add_written_names(writeups, connection):
    """PostgreSQL: the folded names at weight C, in the ``simple`` configuration (no stemming)."""
    texts = writeups.annotate(indexed_body=Substr("body", 1, MAX_INDEXED_BODY)).values_list(
        "pk", "title", "standfirst", "indexed_body"
    )
    with connection.cursor() as cursor:
        batch = []
        for pk, *row in texts.iterator(chunk_size=BATCH_SIZE):
            if names := written_names(*row):
                batch.append((names, pk))
            if len(batch) == BATCH_SIZE:
                cursor.executemany(ADD_NAMES_SQL, batch)
                batch = []
        if batch:
            cursor.executemany(ADD_NAMES_SQL, batch)


def unindex_writeup(sender, instance, using, **kwargs):
    if connections[using].vendor == "sqlite":
        with connections[using].cursor() as cursor:
            cursor.execute(f"DELETE FROM {FTS_TABLE} WHERE rowid = %s", [instance.pk])


def index_saved_writeup(sender, instance, using, update_fields=None, **kwargs):
    if update_fields is None or INDEXED_FIELDS.intersection(update_fields):
        index_writeups([instance.pk], using)


def index_retagged_writeup(sender, instance, using, **kwargs):
    """A tag row written or deleted: taggit's manager, an inline, loaddata, a cascade."""
    index_writeups([instance.content_object_id], using)


def index_after_tag_manager(sender, instance, action, using, **kwargs):
    if action in {"post_add", "post_remove", "post_clear"}:
        index_writeups([instance.pk], using)


def index_renamed_tag(sender, instance, created, using, **kwargs):
    if not created:
        tagged = TaggedWriteUp.objects.using(using).filter(tag=instance)
        index_writeups(tagged.values_list("content_object_id", flat=True), using)


def connect():
    """Connect the receivers (called from the app's ready())."""
    post_save.connect(index_saved_writeup, sender=WriteUp)
    post_delete.connect(unindex_writeup, sender=WriteUp)
    post_save.connect(index_retagged_writeup, sender=TaggedWriteUp)
    post_delete.connect(index_retagged_writeup, sender=TaggedWriteUp)
    m2m_changed.connect(index_after_tag_manager, sender=TaggedWriteUp)
    post_save.connect(index_renamed_tag, sender=Tag)
    post_migrate.connect(name_index.repair_after_migrate)
