"""Two saves of one row at the same moment: exactly one wins, the other is told.

Each editor is a thread with its own database connection. Both read the row
at the same version, wait for each other at a barrier, then save different
changes at once. The version check is part of the UPDATE, so the database
decides: one UPDATE matches the row, the other finds it already moved on and
raises EditConflict. A check done by reading first and writing after would let
both through here.

The threads need committed data, hence a transactional test; its serialized
rollback puts back the rows migrations made (as every transactional test here does).
The last test lands a committed save between an admin form's check and its
write: the write refuses, and the admin answers the form again.
"""

import threading
import time

import pytest
from django.contrib.auth.models import Group, User
from django.db import OperationalError, connection
from django.db.models.signals import pre_save
from django.test import Client
from django.urls import reverse

from catalog.models import EditConflict
from reviews.models import WriteUp
from tests.admin_helpers import admin_form_data
from tests.factories import make_writeup

ROUNDS = 3


def save_waiting_for_the_lock(obj):
    """Save; on SQLite's shared in-memory test database, wait out the other writer's lock.

    A database file (the site's SQLite) waits for a busy writer by itself (the
    ``timeout`` option); the in-memory database the tests share between threads
    answers "table is locked" at once instead, so the thread waits and tries
    again, as the file would. The retried save still carries the version it
    read, so the database still decides.
    """
    for _attempt in range(200):
        try:
            return obj.save()
        except OperationalError as error:
            if connection.vendor != "sqlite" or "locked" not in str(error):
                raise
            time.sleep(0.01)
    raise AssertionError("the other writer held the lock for 2 s")


def save_at_once(pk, changes):
    """Each (field, value) saved by its own thread on the row read at one version."""
    barrier = threading.Barrier(len(changes))
    outcomes = [None] * len(changes)

    def editor(index, field, value):
        try:
            writeup = WriteUp.objects.get(pk=pk)
            setattr(writeup, field, value)
            barrier.wait(timeout=10)
            save_waiting_for_the_lock(writeup)
            outcomes[index] = ("saved", writeup.version)
        except EditConflict as conflict:
            outcomes[index] = ("refused", conflict.expected)
        except Exception as error:  # anything else fails the test, with its reason
            outcomes[index] = ("error", repr(error))
        finally:
            connection.close()

    threads = [
        threading.Thread(target=editor, args=(index, field, value))
        for index, (field, value) in enumerate(changes)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_saves_at_once_on_postgresql_one_wins_and_the_other_is_refused():
    if connection.vendor != "postgresql":
        pytest.skip("row locks under concurrent UPDATEs need PostgreSQL; SQLite's run is below")
    assert_one_wins()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_saves_at_once_on_sqlite_one_wins_and_the_other_is_refused():
    if connection.vendor != "sqlite":
        pytest.skip("the PostgreSQL run is above")
    assert_one_wins()


def assert_one_wins():
    writeup = make_writeup(title="Soundtrack #1, reviewed", verdict_skip="")
    for round_ in range(ROUNDS):
        version = WriteUp.objects.get(pk=writeup.pk).version
        changes = [("title", f"Retitled in round {round_}"), ("verdict_skip", f"Skip {round_}")]

        outcomes = save_at_once(writeup.pk, changes)

        assert sorted(outcome[0] for outcome in outcomes) == ["refused", "saved"], outcomes
        winner = [outcome[0] for outcome in outcomes].index("saved")
        assert outcomes[1 - winner] == ("refused", version)
        assert outcomes[winner] == ("saved", version + 1)
        saved = WriteUp.objects.get(pk=writeup.pk)
        assert saved.version == version + 1
        field, value = changes[winner]
        assert getattr(saved, field) == value
        loser_field, loser_value = changes[1 - winner]
        assert getattr(saved, loser_field) != loser_value


@pytest.fixture
def save_lands_before_the_write():
    """Another editor's save, committed on its own connection, lands just before the write."""
    landed = []

    def other_save(sender, instance, **kwargs):
        if landed or instance._state.adding:
            return
        landed.append(instance.pk)

        def editor_a():
            try:
                writeup = WriteUp.objects.get(pk=instance.pk)
                writeup.body += "\n\nCorrection."
                writeup.save()
            finally:
                connection.close()

        thread = threading.Thread(target=editor_a)
        thread.start()
        thread.join(timeout=30)

    pre_save.connect(other_save, sender=WriteUp)
    yield landed
    pre_save.disconnect(other_save, sender=WriteUp)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_save_landing_between_the_forms_check_and_its_write_is_refused_and_reported(
    save_lands_before_the_write,
):
    """The form's check passes, then the UPDATE finds the row moved: the form is answered again."""
    if connection.vendor != "postgresql":
        pytest.skip("a save committed while the request's transaction reads needs PostgreSQL")
    writeup = make_writeup(body="The leads.", verdict_skip="")
    bora = User.objects.create_user("bora", password="pw", is_staff=True)
    bora.groups.add(Group.objects.get(name="Editors"))
    client = Client()
    client.force_login(bora)
    url = reverse("admin:reviews_writeup_change", args=[writeup.pk])
    data = admin_form_data(client.get(url), verdict_skip="You hate love songs.")
    data["_publish_changes"] = "Publish changes"  # a live piece, saved at once

    refused = client.post(url, data)

    assert save_lands_before_the_write == [writeup.pk]
    assert refused.status_code == 200
    assert "Someone saved this write-up after you opened it" in refused.content.decode()
    saved = WriteUp.objects.get(pk=writeup.pk)
    assert (saved.body, saved.verdict_skip) == ("The leads.\n\nCorrection.", "")
    assert refused.context["adminform"].form["verdict_skip"].value() == "You hate love songs."
