"""Name search: every stored key refolded, and trigram indexes on PostgreSQL.

fold() learned "sh" -> "s" (catalog.names), so every ``search_names`` key is
computed again, with the historical models and fold() as it was then (copied
below, so that the migration does not change when catalog.names does).

The trigram indexes are made when pg_trgm can be had.
The extension is created if the database role may create it (it is a
trusted extension from PostgreSQL 13, so a database owner usually may); when
it may not, the migration still succeeds and search works without the near
miss matching (a later migration, catalog 0010, requires the extension).
The GIN trigram indexes serve both the ``LIKE '%key%'`` name match and the
trigram similarity. Nothing happens on SQLite.
"""

import re
import unicodedata

from django.db import DatabaseError, migrations, transaction

# fold() and search_key() of catalog.names when this migration was written.
_MR_VOWELS = str.maketrans({"ŏ": "eo", "ŭ": "eu", "Ŏ": "eo", "Ŭ": "eu"})
_TOKEN = re.compile(r"[^\W_]+")
_NO_NUMBER = re.compile(r"^no(\d+)$")
_VOWELS = re.compile(r"eo|oo|ou|ee|ui")
_VOWEL_MAP = {"eo": "u", "oo": "u", "ou": "u", "ee": "i", "ui": "i"}
_CONSONANTS = str.maketrans({"k": "g", "p": "b", "t": "d"})
_DOUBLES = re.compile(r"([a-z])\1+")


def _tokens(text):
    text = unicodedata.normalize("NFKC", text).casefold().translate(_MR_VOWELS)
    decomposed = unicodedata.normalize("NFKD", text)
    text = unicodedata.normalize(
        "NFC", "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
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
    return kept


def fold(text):
    if not text:
        return ""
    joined = "".join(_tokens(str(text)))
    joined = _VOWELS.sub(lambda match: _VOWEL_MAP[match.group(0)], joined)
    joined = joined.replace("sh", "s").translate(_CONSONANTS)
    return _DOUBLES.sub(r"\1", joined)


def search_key(*names):
    folded = []
    for name in names:
        key = fold(name)
        if key and key not in folded:
            folded.append(key)
    return "|" + "|".join(folded) + "|" if folded else ""


TABLES = ("catalog_show", "catalog_person", "catalog_credit", "catalog_song")


def _refold(model, names_of, prefetch=()):
    changed = []
    for row in model.objects.prefetch_related(*prefetch).iterator(chunk_size=1000):
        key = search_key(*names_of(row))
        if key != row.search_names:
            row.search_names = key
            changed.append(row)
    model.objects.bulk_update(changed, ["search_names"], batch_size=500)


def refold_search_names(apps, schema_editor):
    def model(name):
        return apps.get_model("catalog", name)

    _refold(
        model("Show"),
        lambda show: [
            show.title,
            show.native_title,
            *(t.title for t in show.alternative_titles.all()),
        ],
        prefetch=["alternative_titles"],
    )
    _refold(
        model("Person"),
        lambda person: [
            person.name,
            person.native_name,
            *(n.name for n in person.alternative_names.all()),
        ],
        prefetch=["alternative_names"],
    )
    _refold(
        model("Credit"),
        lambda credit: (
            [credit.character_name, *credit.character_aliases.split(";")]
            if credit.role == "cast"
            else []
        ),
    )
    _refold(model("Song"), lambda song: [song.title, song.native_title])


def _has_trigram(cursor):
    cursor.execute("SELECT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm')")
    return cursor.fetchone()[0]


def create_trigram_indexes(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        if not _has_trigram(cursor):
            try:
                # A savepoint, so that a refusal does not abort the migration.
                with transaction.atomic(using=connection.alias):
                    cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
            except DatabaseError:
                return
        for table in TABLES:
            cursor.execute(
                f"CREATE INDEX IF NOT EXISTS {table}_search_trgm "
                f"ON {table} USING gin (search_names gin_trgm_ops)"
            )


def drop_trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {table}_search_trgm")


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0002_image_dimensions"),
    ]

    operations = [
        migrations.RunPython(refold_search_names, migrations.RunPython.noop),
        migrations.RunPython(create_trigram_indexes, drop_trigram_indexes),
    ]
