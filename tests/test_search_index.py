"""The write-up search index follows every way editors and loaders change write-ups.

Each test changes a write-up the way the site does (admin form, tag manager,
loaddata, delete) and then searches through the public page. ``sync_index``
returning (0, 0) afterwards proves the index needed no repair.
"""

import pytest
from django.core.management import call_command
from django.core.management.sql import emit_post_migrate_signal
from django.urls import reverse
from taggit.models import Tag

from reviews.models import WriteUp
from reviews.search_index import sync_index
from tests.admin_helpers import admin_form_data, error_messages
from tests.factories import make_show, make_writeup
from tests.test_search import results, search

pytestmark = pytest.mark.django_db


def found(client, query):
    return results(search(client, query)).get("writeups", [])


def test_admin_edit_replaces_the_old_words_with_the_new(admin_client, client):
    writeup = make_writeup(title="Working title", body="Draft words.")
    change = reverse("admin:reviews_writeup_change", args=[writeup.pk])
    data = admin_form_data(
        admin_client.get(change), title="Glorious finale", body="Luminous ending.", tags="catharsis"
    )

    response = admin_client.post(change, data)

    assert response.status_code == 302, error_messages(response)
    assert found(client, "Working") == []
    assert found(client, "glorious") == found(client, "luminous") == ["Glorious finale"]
    assert found(client, "catharsis") == ["Glorious finale"]
    assert sync_index() == (0, 0)


def test_tag_manager_add_remove_set_and_clear_move_the_index(client):
    writeup = make_writeup(title="Tagged piece")

    writeup.tags.add("revenge")
    assert found(client, "revenge") == ["Tagged piece"]
    writeup.tags.set(["healing"])
    assert found(client, "revenge") == []
    assert found(client, "healing") == ["Tagged piece"]
    writeup.tags.remove("healing")
    assert found(client, "healing") == []
    writeup.tags.add("office", "rivals")
    writeup.tags.clear()
    assert found(client, "office") == found(client, "rivals") == []
    assert sync_index() == (0, 0)


def test_renaming_a_tag_reindexes_its_writeups(client):
    make_writeup(title="Tagged piece", tags=["time slip"])
    tag = Tag.objects.get(name="time slip")

    tag.name = "time travel"
    tag.save()

    assert found(client, "travel") == ["Tagged piece"]
    assert found(client, "slip") == []


def test_deleting_a_writeup_or_its_tag_leaves_nothing_behind(client):
    gone = make_writeup(title="Doomed piece", tags=["doomed"])
    kept = make_writeup(title="Kept piece", tags=["doomed"])

    gone.delete()
    Tag.objects.get(name="doomed").delete()

    assert found(client, "piece") == ["Kept piece"]
    assert found(client, "doomed") == []
    assert sync_index() == (0, 0)
    assert kept.tags.count() == 0


def test_loaddata_raw_saves_are_indexed_with_their_tags(client, tmp_path):
    show = make_show(slug="the-show")
    make_writeup(title="Loaded piece", slug="loaded", show=show, tags=["found family"])
    fixture = tmp_path / "writeups.json"
    call_command(
        "dumpdata", "taggit.tag", "reviews.writeup", "reviews.taggedwriteup",
        natural_foreign=True, natural_primary=True, output=fixture, verbosity=0,
    )  # fmt: skip
    WriteUp.objects.all().delete()
    Tag.objects.all().delete()
    assert found(client, "loaded") == []

    call_command("loaddata", fixture, verbosity=0)

    assert found(client, "loaded") == ["Loaded piece"]
    assert found(client, "family") == ["Loaded piece"]
    assert sync_index() == (0, 0)


def test_post_migrate_repairs_an_index_that_missed_changes(client):
    """What ``flush`` and a first ``migrate`` leave: entries for rows that are gone, rows
    without entries. Both run post_migrate, which brings the index back in step."""
    orphan = make_writeup(title="Flushed piece")
    WriteUp.objects.filter(pk=orphan.pk)._raw_delete("default")  # no signals, as flush
    WriteUp.objects.bulk_create(  # no signals either
        [WriteUp(title="Bulk piece", slug="bulk", show=make_show(), body="Bulk words.",
                 status=WriteUp.Status.PUBLISHED, published_at=orphan.published_at)]
    )  # fmt: skip
    assert found(client, "bulk") == []

    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")

    assert found(client, "bulk") == ["Bulk piece"]
    assert sync_index() == (0, 0)
