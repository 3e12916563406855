"""Keep the write-up search index in step with the write-ups and their tags.

The index holds every write-up, drafts included: what readers may see is
decided when searching, by ``WriteUp.objects.published()``, so a scheduled
piece turns up the moment its time comes without anyone saving it.

What moves the index:

- a write-up saved (admin, ORM, loaddata's raw saves) or deleted;
- a tag put on or taken off: through taggit's manager (the admin's tag
  field, ``writeup.tags.add/remove/set/clear``), which sends m2m_changed
  around the through rows it writes one by one, so the write-up is indexed
  once, after the last row; or through ``TaggedWriteUp`` rows directly (an
  inline, loaddata's raw saves, the cascade when a tag is deleted);
- a tag renamed;
- ``migrate`` and ``flush``: afterwards the index is synced, entries of
  write-ups that are gone removed and missing ones added. That is also how
  the index is first filled on a database that already has write-ups.

``QuerySet.update()`` bypasses all signals; nothing in the site updates the
indexed fields (title, standfirst, body) that way.
"""

from collections import defaultdict, namedtuple
from contextvars import ContextVar

from django.apps import apps as global_apps
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.backends.signals import connection_created
from django.db.models.expressions import RawSQL
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save
from django.dispatch import receiver
from taggit.models import Tag

from .models import TaggedWriteUp, WriteUp
from .search import name_index
from .search.backends import detect_trigram, get_backend

Document = namedtuple("Document", "pk title standfirst tags body")
INDEXED_FIELDS = {"title", "standfirst", "body"}
# (database, write-up pk) whose tags taggit's manager is changing right now.
_tags_changing = ContextVar("tags_changing", default=frozenset())
BATCH_SIZE = 500
# Bodies beyond this many characters are indexed only up to it (PostgreSQL
# refuses a tsvector above 1 MB; no review comes near).
MAX_INDEXED_BODY = 100_000


def index_writeups(
    pks, *, using=DEFAULT_DB_ALIAS, writeup_model=WriteUp, tagged_model=TaggedWriteUp
):
    """(Re)write the index entries of these write-ups; drop those that no longer exist.

    Two reads and two writes per batch of BATCH_SIZE. The models are
    parameters so that ``post_migrate`` can pass the historical ones.
    """
    connection = connections[using]
    backend = get_backend(connection)
    pks = sorted(set(pks))
    for start in range(0, len(pks), BATCH_SIZE):
        batch = pks[start : start + BATCH_SIZE]
        tags = defaultdict(list)
        tagged = (
            tagged_model._base_manager.using(using)
            .filter(content_object_id__in=batch)
            .order_by("tag__name")
            .values_list("content_object_id", "tag__name")
        )
        for writeup_pk, name in tagged:
            tags[writeup_pk].append(name)
        rows = (
            writeup_model._base_manager.using(using)
            .filter(pk__in=batch)
            .values_list("pk", "title", "standfirst", "body")
        )
        documents = [
            Document(pk, title, standfirst, ", ".join(tags[pk]), body[:MAX_INDEXED_BODY])
            for pk, title, standfirst, body in rows
        ]
        gone = set(batch) - {document.pk for document in documents}
        with transaction.atomic(using=using), connection.cursor() as cursor:
            if documents:
                backend.store(cursor, documents)
            if gone:
                backend.remove(cursor, gone)


def sync_index(using=DEFAULT_DB_ALIAS, *, writeup_model=WriteUp, tagged_model=TaggedWriteUp):
    """Remove entries of vanished write-ups and index the write-ups missing from the index.

    Returns (indexed, removed) counts.
    """
    connection = connections[using]
    backend = get_backend(connection)
    with transaction.atomic(using=using), connection.cursor() as cursor:
        removed = backend.remove_orphans(cursor, writeup_model._meta.db_table)
    missing = list(
        writeup_model._base_manager.using(using)
        .exclude(pk__in=RawSQL(backend.indexed_pks_sql(), ()))
        .values_list("pk", flat=True)
    )
    index_writeups(missing, using=using, writeup_model=writeup_model, tagged_model=tagged_model)
    return len(missing), removed


@receiver(post_save, sender=WriteUp)
def index_saved_writeup(sender, instance, using, update_fields=None, **kwargs):
    if update_fields is not None and not INDEXED_FIELDS.intersection(update_fields):
        return
    index_writeups([instance.pk], using=using)


@receiver(post_delete, sender=WriteUp)
def unindex_deleted_writeup(sender, instance, using, **kwargs):
    with connections[using].cursor() as cursor:
        get_backend(connections[using]).remove(cursor, [instance.pk])


@receiver(m2m_changed, sender=TaggedWriteUp)
def reindex_after_tag_manager(sender, instance, action, using, **kwargs):
    """taggit's manager writes one through row per tag: index once, after the last one."""
    key = (using, instance.pk)
    if action in {"pre_add", "pre_remove", "pre_clear"}:
        _tags_changing.set(_tags_changing.get() | {key})
    else:
        _tags_changing.set(_tags_changing.get() - {key})
        index_writeups([instance.pk], using=using)


@receiver(post_save, sender=TaggedWriteUp)
@receiver(post_delete, sender=TaggedWriteUp)
def reindex_retagged_writeup(sender, instance, using, **kwargs):
    """A tag row written outside taggit's manager: an inline, loaddata, a cascade."""
    if (using, instance.content_object_id) not in _tags_changing.get():
        index_writeups([instance.content_object_id], using=using)


@receiver(post_save, sender=Tag)
def reindex_renamed_tag(sender, instance, created, using, **kwargs):
    if not created:
        tagged = TaggedWriteUp.objects.using(using).filter(tag=instance)
        index_writeups(tagged.values_list("content_object_id", flat=True), using=using)


@receiver(connection_created)
def note_search_features(sender, connection, **kwargs):
    detect_trigram(connection)


@receiver(post_migrate)
def sync_index_after_migrate(sender, using, apps=None, verbosity=1, stdout=None, **kwargs):
    """After migrate or flush: learn whether pg_trgm is there now, and sync the index.

    On SQLite, also put back the name index triggers a table rebuild dropped.

    ``migrate`` passes the project state it reached; ``flush`` passes none,
    the current models then being the state of the database.
    """
    if sender.name != "reviews":
        return
    apps = apps or global_apps
    connection = connections[using]
    detect_trigram(connection)
    name_index.ensure_triggers(connection)
    try:
        apps.get_model("reviews", get_backend(connection).index_model.__name__)
    except LookupError:
        return  # migrated back to before the index existed
    indexed, removed = sync_index(
        using,
        writeup_model=apps.get_model("reviews", "WriteUp"),
        tagged_model=apps.get_model("reviews", "TaggedWriteUp"),
    )
    if verbosity >= 1 and stdout is not None and (indexed or removed):
        stdout.write(f"  Search index: {indexed} write-ups indexed, {removed} entries removed.")
