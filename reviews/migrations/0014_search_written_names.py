"""Write-up search forgives romanization: the folded names a write-up writes are indexed.

SQLite: the FTS5 table gains a ``names`` column (made again, then filled).
PostgreSQL: ``search_document`` gains the keys at weight C. The folding is
copied from catalog.names as it is today, so this migration does not import app code;
``manage.py rebuild_search_index`` writes the same with the current code.
"""

import re
import unicodedata

from django.db import migrations

MAX_INDEXED_BODY = 100_000
BATCH_SIZE = 500
FTS_CREATE = (
    "CREATE VIRTUAL TABLE reviews_writeup_fts USING fts5("
    "title, standfirst, body, tags, names, "
    "tokenize = 'porter unicode61 remove_diacritics 2', prefix = '2 3')"
)
FTS_RANK = (
    "INSERT INTO reviews_writeup_fts (reviews_writeup_fts, rank) "
    "VALUES ('rank', 'bm25(10.0, 4.0, 1.0, 4.0, 2.0)')"
)
FTS_CREATE_OLD = FTS_CREATE.replace("names, ", "")
FTS_RANK_OLD = FTS_RANK.replace(", 2.0)", ")")
SQLITE_ROWS = (
    "SELECT w.id, w.title, w.standfirst, coalesce((SELECT group_concat(t.name, ', ') "
    "FROM reviews_taggedwriteup tw JOIN taggit_tag t ON t.id = tw.tag_id "
    f"WHERE tw.content_object_id = w.id), ''), substr(w.body, 1, {MAX_INDEXED_BODY}) "
    "FROM reviews_writeup w"
)

# catalog.names.fold and written_name_keys, as of this migration.
_MR_VOWELS = str.maketrans({"ŏ": "eo", "ŭ": "eu", "Ŏ": "eo", "Ŭ": "eu"})
_TOKEN = re.compile(r"[^\W_]+")
_NO_NUMBER = re.compile(r"^no(\d+)$")
_VOWELS = re.compile(r"eo|oo|ou|ee|ui")
_VOWEL_MAP = {"eo": "u", "oo": "u", "ou": "u", "ee": "i", "ui": "i"}
_CONSONANTS = str.maketrans({"k": "g", "p": "b", "t": "d"})
_DOUBLES = re.compile(r"([a-z])\1+")
_WRITTEN_WORD = re.compile(r"[^\W_]+(?:['\u2019-][^\W_]+)*")
_POSSESSIVE = re.compile(r"['\u2019]s$")


def _fold(text):
    text = unicodedata.normalize("NFKC", text).casefold().translate(_MR_VOWELS)
    decomposed = unicodedata.normalize("NFKD", text)
    text = unicodedata.normalize(
        "NFC", "".join(c for c in decomposed if unicodedata.category(c) != "Mn")
    )
    tokens = _TOKEN.findall(text)
    kept = []
    for index, token in enumerate(tokens):
        number = _NO_NUMBER.match(token)
        if number:
            token = number.group(1)
        elif token == "no" and index + 1 < len(tokens) and tokens[index + 1].isdigit():
            continue
        kept.append(token)
    joined = _VOWELS.sub(lambda match: _VOWEL_MAP[match.group(0)], "".join(kept))
    joined = joined.replace("sh", "s").translate(_CONSONANTS)
    return _DOUBLES.sub(r"\1", joined)


def _letters(text):
    return sum(2 if "\uac00" <= char <= "\ud7a3" else 1 for char in text)


def _name_like(word):
    return word[0].isupper() or "\uac00" <= word[0] <= "\ud7a3"


def written_names(*texts):
    text = "\n".join(texts)
    keys, run, end = {}, [], 0
    for match in _WRITTEN_WORD.finditer(text):
        word = _POSSESSIVE.sub("", match.group(0))
        if not _name_like(word) or text[end : match.start()].strip():
            run = []
        end = match.end()
        if not _name_like(word):
            continue
        run = [*run[-2:], word]
        for start in range(len(run)):
            key = _fold(" ".join(run[start:]))
            if _letters(key) >= 4:
                keys[key] = None
    return " ".join(keys)


def _sqlite_fill(cursor, writer):
    cursor.execute(SQLITE_ROWS)
    while rows := cursor.fetchmany(BATCH_SIZE):
        writer.executemany(
            "INSERT INTO reviews_writeup_fts (rowid, title, standfirst, tags, body, names) "
            "VALUES (%s, %s, %s, %s, %s, %s)",
            [(*row, written_names(row[1], row[2], row[4])) for row in rows],
        )


def index_written_names(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor == "sqlite":
        schema_editor.execute("DROP TABLE IF EXISTS reviews_writeup_fts")
        schema_editor.execute(FTS_CREATE)
        schema_editor.execute(FTS_RANK)
        with connection.cursor() as cursor, connection.cursor() as writer:
            _sqlite_fill(cursor, writer)
    elif connection.vendor == "postgresql":
        rows = apps.get_model("reviews", "WriteUp")._base_manager.values_list(
            "pk", "title", "standfirst", "body"
        )
        batch = []
        with connection.cursor() as cursor:
            for pk, title, standfirst, body in rows.iterator(chunk_size=BATCH_SIZE):
                if names := written_names(title, standfirst, body[:MAX_INDEXED_BODY]):
                    batch.append((names, pk))
            for start in range(0, len(batch), BATCH_SIZE):
                cursor.executemany(
                    "UPDATE reviews_writeup SET search_document = coalesce(search_document, '') || "
                    "setweight(to_tsvector('simple', %s), 'C') WHERE id = %s",
                    batch[start : start + BATCH_SIZE],
                )


def drop_written_names(apps, schema_editor):
    """Back: the table without the column (PostgreSQL's weight C is left; a rebuild drops it)."""
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute("DROP TABLE IF EXISTS reviews_writeup_fts")
        schema_editor.execute(FTS_CREATE_OLD)
        schema_editor.execute(FTS_RANK_OLD)
        schema_editor.execute(
            "INSERT INTO reviews_writeup_fts (rowid, title, standfirst, tags, body) " + SQLITE_ROWS
        )


class Migration(migrations.Migration):
    dependencies = [("reviews", "0013_search_document")]

    operations = [migrations.RunPython(index_written_names, drop_written_names, elidable=False)]
