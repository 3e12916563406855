"""The song list's order: newest shows first, a show's songs together in OST order.

The order reads copies of the show's year and title on each song (one index,
docs/performance.md "Song list"); these tests prove the copies follow every
change to a show or a song.
"""

import pytest
from django.core.management import call_command

from catalog.models import Show, Song

from .factories import make_show, make_song

pytestmark = pytest.mark.django_db


def listed(client):
    response = client.get("/songs/")
    assert response.status_code == 200
    return [song.title for song in response.context["song_list"]]


def test_newest_show_first_then_title_then_part_unknown_years_and_standalone_songs_last(client):
    older = make_show(title="Older", year=2019)
    newer_b = make_show(title="B newer", year=2023)
    newer_a = make_show(title="A newer", year=2023)
    undated = make_show(title="Undated", year=None)
    make_song(title="Older 1", show=older, part_number=1)
    make_song(title="B 2", show=newer_b, part_number=2)
    make_song(title="B unnumbered", show=newer_b)
    make_song(title="B 1", show=newer_b, part_number=1)
    make_song(title="A 1", show=newer_a, part_number=1)
    make_song(title="Undated 1", show=undated, part_number=1)
    make_song(title="Standalone")
    assert listed(client) == [
        "A 1",
        "B 1",
        "B 2",
        "B unnumbered",
        "Older 1",
        "Standalone",
        "Undated 1",
    ]


def test_renaming_or_redating_a_show_moves_its_songs(client):
    first = make_show(title="First", year=2020)
    second = make_show(title="Second", year=2021)
    make_song(title="From first", show=first)
    make_song(title="From second", show=second)
    assert listed(client) == ["From second", "From first"]
    first.year = 2022
    first.save()
    assert listed(client) == ["From first", "From second"]
    first.year = 2021
    first.title = "Third"
    first.save()
    assert listed(client) == ["From second", "From first"]


def test_a_song_moved_to_another_show_or_off_its_deleted_show_takes_the_new_place(client):
    old = make_show(title="Old", year=2010)
    new = make_show(title="New", year=2024)
    moved = make_song(title="Moved", show=old)
    make_song(title="Stays", show=make_show(title="Middle", year=2015))
    moved.show = new
    moved.save()
    assert listed(client) == ["Moved", "Stays"]
    new.delete()
    assert Song.objects.get(title="Moved").show is None
    assert listed(client) == ["Stays", "Moved"]


def test_loaded_songs_take_their_shows_place(client, tmp_path):
    make_song(title="Zed", show=make_show(title="Loaded show", slug="loaded-show", year=2024))
    make_song(title="Alpha", show=make_show(year=2001))
    fixture = tmp_path / "catalog.json"
    call_command(
        "dumpdata", "catalog.show", "catalog.song", "--natural-foreign", "-o", str(fixture)
    )
    Song.objects.all().delete()
    Show.objects.all().delete()
    call_command("loaddata", str(fixture), verbosity=0)
    assert listed(client) == ["Zed", "Alpha"]
