"""Pasted control characters are cleaned on save, and no stored string can break a feed.

A word processor's soft line break pastes as ``\\x0b``; XML 1.0 cannot carry
it, and one in a title made /feeds/latest/ and the tag and show feeds answer
500 (UnserializableContentError).
"""

import json
import xml.etree.ElementTree as ET

import pytest
from django.core.management import call_command
from django.urls import reverse
from taggit.models import Tag

from catalog.models import Person, Show, ShowTitle
from reviews.models import Author, Score, WriteUp
from reviews_site.text import clean_text
from tests.admin_helpers import admin_form_data, error_messages
from tests.factories import make_author, make_show, make_writeup

pytestmark = pytest.mark.django_db

FEEDS = ["/feeds/latest/", "/tags/romance/feed/", "/shows/soundtrack-1/feed/"]
# Every C0 control but tab and newline, DEL, a C1 control, and two non-characters.
HOSTILE = "".join(map(chr, [*range(9), 11, 12, *range(13, 32), 127, 0x80, 0x9F]))
HOSTILE += "\ufffe\uffff"
# What a row written past save() can hold: PostgreSQL refuses NUL in text itself.
STORABLE = HOSTILE.replace("\x00", "")


@pytest.mark.parametrize(
    ("text", "cleaned", "one_line"),
    [
        ("Soft\x0bbreak", "Soft\nbreak", "Soft break"),
        ("Windows\r\nline", "Windows\nline", "Windows line"),
        ("Form\x0cfeed\x85next", "Form\nfeed\nnext", "Form feed next"),
        ("Tab\tand\nnewline stay", "Tab\tand\nnewline stay", "Tab\tand\nnewline stay"),
        (f"a{HOSTILE}b", "a\n\n\n\n\n\nb", "a      b"),
        ("사운드트랙 💔 \u200d", "사운드트랙 💔 \u200d", "사운드트랙 💔 \u200d"),
    ],
)
def test_control_characters_become_line_breaks_or_go(text, cleaned, one_line):
    assert clean_text(text) == cleaned
    assert clean_text(text, " ") == one_line


def test_every_text_field_is_cleaned_on_save():
    show = make_show(title="Sound\x0btrack", synopsis="Line\x0bbreak\x00")
    ShowTitle.objects.create(show=show, title="Why\x07 did you come")
    Person.objects.create(name="Park \x1bHyung-sik", bio="Actor\r\nand singer")
    author = make_author(name="Min\x0bJi")
    writeup = make_writeup(
        title="Soft\x0bbreak", standfirst="Stand\x0bfirst", body="Body\x0bline",
        verdict_watch="You\x08", show=show, authors=[author], tags=["ro\x0bmance"],
        scores=[("Op\x0bpa", 4, 5)],
    )  # fmt: skip

    assert Show.objects.get().title == "Sound track"
    assert Show.objects.get().synopsis == "Line\nbreak"
    assert ShowTitle.objects.get().title == "Why did you come"
    assert Person.objects.get().name == "Park Hyung-sik"
    assert Person.objects.get().bio == "Actor\nand singer"
    assert Author.objects.get().name == "Min Ji"
    writeup.refresh_from_db()
    assert (writeup.title, writeup.standfirst) == ("Soft break", "Stand first")
    assert (writeup.body, writeup.verdict_watch) == ("Body\nline", "You")
    assert Tag.objects.get().name == "ro mance"
    assert Score.objects.get().label == "Op pa"


def test_loaddata_cleans_what_a_fixture_carries(tmp_path):
    fixture = tmp_path / "pasted.json"
    fields = {"title": "Pasted\x0btitle", "slug": "pasted", "synopsis": "A\x00B"}
    fixture.write_text(json.dumps([{"model": "catalog.show", "fields": fields}]))

    call_command("loaddata", str(fixture), verbosity=0)

    assert Show.objects.values_list("title", "synopsis").get() == ("Pasted title", "AB")


def test_the_admin_saves_a_pasted_soft_break_cleaned(admin_client, client):
    add = reverse("admin:reviews_writeup_add")
    data = admin_form_data(
        admin_client.get(add), title="First\x0bSecond", slug="first-second", kind="review",
        show=str(make_show(slug="soundtrack-1").pk), status="published",
        standfirst="Stand\x0bfirst", body="Body\x0b**line**", tags="romance",
    )  # fmt: skip

    response = admin_client.post(add, data)

    assert response.status_code == 302, error_messages(response)
    assert WriteUp.objects.get().title == "First Second"
    for url in FEEDS:
        assert client.get(url).status_code == 200, url


@pytest.fixture
def polluted():
    """A piece whose every fed string holds control characters, written past save()."""
    show = make_show(title="Soundtrack #1", slug="soundtrack-1")
    author = make_author(name="Min Ji")
    writeup = make_writeup(show=show, authors=[author], tags=["romance", "slow burn"])
    WriteUp.objects.filter(pk=writeup.pk).update(
        title=f"Soft{STORABLE}break", standfirst="", body_html=f"<p>Body{STORABLE}text</p>"
    )
    Show.objects.filter(pk=show.pk).update(title=f"Sound{STORABLE}track")
    Author.objects.filter(pk=author.pk).update(name=f"Min{STORABLE}Ji")
    Tag.objects.filter(slug="slow-burn").update(name=f"slow{STORABLE}burn")
    return writeup


@pytest.mark.parametrize("url", FEEDS)
def test_feeds_answer_whatever_was_stored(client, polluted, url):
    response = client.get(url)

    assert response.status_code == 200
    root = ET.fromstring(response.content)  # well-formed XML 1.0
    entry = root.find("{http://www.w3.org/2005/Atom}entry")
    assert entry.findtext("{http://www.w3.org/2005/Atom}title") == "Soft\n\n\n\n\n\nbreak"
    summary = entry.findtext("{http://www.w3.org/2005/Atom}summary")
    assert summary.startswith("Body") and summary.endswith("text")


def test_feeds_answer_a_stored_control_character_in_the_standfirst_too(client, polluted):
    WriteUp.objects.filter(pk=polluted.pk).update(standfirst=f"Stand{STORABLE}first")

    assert client.get("/feeds/latest/").status_code == 200
    assert client.get("/tags/romance/feed/").status_code == 200
