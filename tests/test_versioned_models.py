"""Every save of an editorial row is a new version, checked in the UPDATE itself.

A save carries the version its object was read at; the database refuses it
when the row has moved on (EditConflict), so an edit made in between is never
overwritten. Rows built from serialized data (loaddata, a revision restored by
django-reversion) are saved on whatever version is current and never move the
counter back.
"""

import pytest
from django.core import serializers
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from catalog.models import EditConflict, Show
from reviews.models import Author, WriteUp
from tests.factories import make_author, make_writeup

pytestmark = pytest.mark.django_db


def test_a_new_row_is_version_one_and_every_save_adds_one():
    author = make_author(name="Min")
    assert author.version == 1

    author.bio = "Writes about OSTs."
    author.save()
    author.save(update_fields=["bio"])  # a partial save is a new version too

    assert author.version == 3
    assert Author.objects.get(pk=author.pk).version == 3


def test_the_check_is_the_update_itself():
    author = make_author(name="Min")

    with CaptureQueriesContext(connection) as queries:
        author.save()

    (update,) = [query["sql"] for query in queries if query["sql"].startswith("UPDATE")]
    set_part, where_part = update.split(" WHERE ")
    assert '"version" = ("reviews_author"."version" + 1)' in set_part
    assert '"reviews_author"."version" = 1' in where_part
    # No read of the version before the write (the old-address bookkeeping reads the slug).
    reads = [query["sql"] for query in queries if query["sql"].startswith("SELECT")]
    assert not any('"version"' in sql for sql in reads), reads


def test_a_save_over_a_newer_version_is_refused_and_writes_nothing():
    writeup = make_writeup(title="Soundtrack #1, reviewed", verdict_skip="")
    stale = WriteUp.objects.get(pk=writeup.pk)
    writeup.title = "Soundtrack #1, reviewed again"
    writeup.save()

    stale.verdict_skip = "You hate love songs."
    # Like an IntegrityError, a refused save spoils the transaction it ran in: a savepoint.
    with pytest.raises(EditConflict) as refused, transaction.atomic():
        stale.save()

    assert (refused.value.instance, refused.value.expected) == (stale, 1)
    saved = WriteUp.objects.get(pk=writeup.pk)
    assert (saved.title, saved.verdict_skip, saved.version) == (writeup.title, "", 2)


def test_reading_the_row_again_lets_the_save_through():
    writeup = make_writeup()
    stale = WriteUp.objects.get(pk=writeup.pk)
    writeup.save()

    stale.refresh_from_db()
    stale.title = "Read again, then saved"
    stale.save()

    assert WriteUp.objects.get(pk=writeup.pk).version == 3


def stored_without_version(obj):
    """The object serialized the way revisions store it: every field but the version."""
    fields = [field.name for field in obj._meta.fields if field.name != "version"]
    return serializers.serialize("json", [obj], fields=fields)


def restore(data):
    """Save serialized objects the way loaddata and reversion's revert do: raw saves."""
    for deserialized in serializers.deserialize("json", data):
        deserialized.save()
        return deserialized.object


def test_restoring_a_stored_state_saves_on_the_current_version_and_never_moves_it_back():
    writeup = make_writeup(title="First title")
    stored = stored_without_version(writeup)
    for title in ("Second title", "Third title"):
        writeup.title = title
        writeup.save()

    restored = restore(stored)

    saved = WriteUp.objects.get(pk=writeup.pk)
    assert (saved.title, saved.version) == ("First title", 4)
    assert restored.version == 4  # the object knows the version it wrote
    writeup.refresh_from_db()
    writeup.save()  # and the row goes on from there
    assert writeup.version == 5


def test_restoring_a_stored_version_number_lower_than_the_rows_still_moves_forward():
    show = Show.objects.create(title="Soundtrack #1", slug="soundtrack-1")
    stored = serializers.serialize("json", [show])  # version 1 included
    show.save()
    show.save()

    restore(stored)

    assert Show.objects.get(pk=show.pk).version == 4


def test_restoring_a_deleted_row_inserts_it_at_the_stored_or_first_version():
    author = make_author(name="Min")
    author.save()
    stored = stored_without_version(author)
    Author.objects.filter(pk=author.pk).delete()

    restore(stored)

    assert Author.objects.get(pk=author.pk).version == 1
