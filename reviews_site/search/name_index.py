"""SQLite's index of catalog names: one FTS5 trigram table per searched table.

A name search is ``search_names LIKE '%key%'`` (see backends). PostgreSQL
answers it from GIN trigram indexes. SQLite has none, and a plain LIKE reads
every show, person, credit and song: 4 to 7 times slower at the large data
set (docs/performance.md, "Search"). An FTS5 table with the trigram tokenizer
answers the same LIKE from its index, for keys of at least three characters.

Each table holds a copy of the ``search_names`` of one catalog table, keyed
by its id, and is kept in step by triggers, so every write is covered: the
admin, ``loaddata``, ``bulk_create``, ``QuerySet.update()``. (A copy, not
FTS5's external content: deleting an entry the index never had then does
no harm, where with external content it corrupts the index.) SQLite drops a
table's triggers when a migration rebuilds the table (which is how it alters
a column), so after every ``migrate`` ``ensure_triggers`` puts back any that
are missing and refills that table's index. The tables and triggers are
created by reviews migration 0006.
"""

from django.db import connections

TABLES = ("catalog_show", "catalog_person", "catalog_credit", "catalog_song")
# Shorter keys hold no trigram: the plain LIKE over the table answers them.
MIN_INDEXED_LENGTH = 3


def index_table(table):
    return f"{table}_trigrams"


def _trigger_names(table):
    return [f"{index_table(table)}_{event}" for event in ("insert", "delete", "update")]


def fill(table):
    index = index_table(table)
    return [
        f"DELETE FROM {index}",
        f"INSERT INTO {index} (rowid, search_names) SELECT id, search_names FROM {table}",
    ]


def create_triggers(table):
    index = index_table(table)
    insert, delete, update = _trigger_names(table)
    # Delete before every insert: a row the index missed (or kept) is then
    # no error, only put right.
    remove = f"DELETE FROM {index} WHERE rowid = old.id;"
    add = (
        f"DELETE FROM {index} WHERE rowid = new.id; "
        f"INSERT INTO {index} (rowid, search_names) VALUES (new.id, new.search_names);"
    )
    return [
        f"CREATE TRIGGER IF NOT EXISTS {insert} AFTER INSERT ON {table} BEGIN {add} END",
        f"CREATE TRIGGER IF NOT EXISTS {delete} AFTER DELETE ON {table} BEGIN {remove} END",
        f"CREATE TRIGGER IF NOT EXISTS {update} AFTER UPDATE OF search_names ON {table} "
        f"BEGIN {remove} {add} END",
    ]


def repair_after_migrate(sender, using, **kwargs):
    """post_migrate: a migration may have rebuilt a catalog table, and lost its triggers."""
    if sender.name == "catalog":
        ensure_triggers(connections[using])


def ensure_triggers(connection, refill=False):
    """Put back the triggers a table rebuild dropped, and refill those indexes (every
    index with ``refill``).

    Returns the tables whose index was refilled. Does nothing off SQLite, or
    before the index tables exist (a database migrated back past them).
    """
    if connection.vendor != "sqlite":
        return []
    with connection.cursor() as cursor:
        cursor.execute("SELECT type, name FROM sqlite_master WHERE type IN ('table', 'trigger')")
        existing = set(cursor.fetchall())
        rebuilt = []
        for table in TABLES:
            if ("table", index_table(table)) not in existing:
                continue
            if not refill and all(("trigger", n) in existing for n in _trigger_names(table)):
                continue
            for statement in create_triggers(table) + fill(table):
                cursor.execute(statement)
            rebuilt.append(table)
    return rebuilt
