"""The write-up search index follows every way editors and loaders change write-ups.

Each test changes a write-up the way the site does (admin form, tag manager,
loaddata, delete) and then searches through the public page. ``index_in_step()``
afterwards proves the index is what a rebuild from scratch would make of it.
"""

import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from taggit.models import Tag

from reviews.models import WriteUp
from tests.admin_helpers import admin_form_data, error_messages
from tests.factories import make_show, make_writeup
from tests.test_search import results, search

pytestmark = pytest.mark.django_db


def index_snapshot():
    if connection.vendor == "postgresql":
        return list(WriteUp._base_manager.order_by("pk").values_list("pk", "search_document"))
    with connection.cursor() as cursor:
        cursor.execute("SELECT rowid, title, standfirst, tags, body FROM reviews_writeup_fts")
        return sorted(cursor.fetchall())


def index_in_step():
    """Whether ``rebuild_search_index`` leaves the index as it was."""
    if connection.vendor == "postgresql":
        # A search's SET LOCAL statement_timeout lasts until the test's transaction ends.
        with connection.cursor() as cursor:
            cursor.execute("RESET statement_timeout")
    before = index_snapshot()
    call_command("rebuild_search_index", stdout=io.StringIO())
    return index_snapshot() == before


def found(client, query):
    return results(search(client, query)).get("writeups", [])


def test_admin_edit_replaces_the_old_words_with_the_new(admin_client, client):
    writeup = make_writeup(title="Working title", body="Draft words.")
    change = reverse("admin:reviews_writeup_change", args=[writeup.pk])
    data = admin_form_data(
        admin_client.get(change), title="Glorious finale", body="Luminous ending.", tags="catharsis"
    )

    # A live piece: "Publish changes" saves it at once (reviews/admin/staged.py).
    response = admin_client.post(change, data | {"_publish_changes": "Publish changes"})

    assert response.status_code == 302, error_messages(response)
    assert found(client, "Working") == []
    assert found(client, "glorious") == found(client, "luminous") == ["Glorious finale"]
    assert found(client, "catharsis") == ["Glorious finale"]
    assert index_in_step()


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
    assert index_in_step()


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
    assert index_in_step()
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
    assert index_in_step()


def test_rebuild_repairs_an_index_that_missed_changes(client):
    """What signal-less writes leave (a raw delete, bulk_create): the command puts it right."""
    orphan = make_writeup(title="Flushed piece")
    WriteUp.objects.filter(pk=orphan.pk)._raw_delete("default")  # no signals, as flush
    WriteUp.objects.bulk_create(  # no signals either
        [WriteUp(title="Bulk piece", slug="bulk", show=make_show(), body="Bulk words.",
                 status=WriteUp.Status.PUBLISHED, published_at=orphan.published_at)]
    )  # fmt: skip
    assert found(client, "bulk") == []
    assert not index_in_step(), "the command rebuilt what was missing"

    assert found(client, "bulk") == ["Bulk piece"]
    assert found(client, "flushed") == []
    assert index_in_step()
