"""The rules that turn catalog names in a write-up's body into links (docs/mentions.md).

Through the public surface: write-ups saved as an editor's form or a fixture
would save them, their pages, the catalog pages that list them, the admin.
"""

import time

import pytest
from django.core.management import call_command
from django.db import IntegrityError
from django.utils import timezone

from catalog.models import Credit
from reviews.markdown import parse_markdown
from reviews.mentions import link_mentions, load_catalog
from reviews.models import Mention, WriteUp
from tests.admin_helpers import admin_form_data
from tests.html_tree import parse_html

from .factories import (
    make_credit,
    make_draft,
    make_person,
    make_scheduled,
    make_show,
    make_song,
    make_writeup,
)

pytestmark = pytest.mark.django_db


def body_links(client, writeup):
    response = client.get(writeup.get_absolute_url())
    assert response.status_code == 200
    return parse_html(response.content.decode()).find("div", class_="writeup__body").links()


def linked(client, writeup):
    return [text for _, text in body_links(client, writeup)]


@pytest.fixture
def park(db):
    return make_person(name="Park Hyung-sik", alternative_names=["Park Hyung Sik"])


def test_first_mention_per_section_is_linked_and_headings_never(client, park):
    body = (
        "Park Hyung-sik leads. Park Hyung Sik again.\n\n"
        "## Park Hyung-sik on set\n\n"
        "Later, Park Hyung-sik smiles. Park Hyung-sik waves.\n\n"
        "### Closing\n\nPark Hyung Sik bows."
    )
    writeup = make_writeup(body=body)
    links = body_links(client, writeup)
    assert links == [(park.get_absolute_url(), "Park Hyung-sik")] * 2 + [
        (park.get_absolute_url(), "Park Hyung Sik")
    ]
    page = parse_html(writeup.body_html)
    assert all(not heading.find_all("a") for heading in page.find_all("h2"))


def test_names_inside_links_and_code_stay_as_they_are(client, park):
    body = (
        "[Park Hyung-sik](https://example.com/park) and `Park Hyung-sik` here.\n\n"
        "```\nPark Hyung-sik\n```\n\n"
        "    Park Hyung-sik indented\n\n"
        "Then Park Hyung-sik."
    )
    writeup = make_writeup(body=body)
    assert body_links(client, writeup) == [
        ("https://example.com/park", "Park Hyung-sik"),
        (park.get_absolute_url(), "Park Hyung-sik"),
    ]
    assert "<code>Park Hyung-sik</code>" in writeup.body_html
    assert "<pre><code>Park Hyung-sik\n</code></pre>" in writeup.body_html


def test_the_longest_spelling_wins(client, park):
    show = make_show(title="Soundtrack #1")
    tenth = make_show(title="Soundtrack #10")
    credit = make_credit(show=show, person=park, character_name="Hyung-sik")
    writeup = make_writeup(show=show, body="Park Hyung-sik and Soundtrack #10 star.")
    assert body_links(client, writeup) == [
        (park.get_absolute_url(), "Park Hyung-sik"),
        (tenth.get_absolute_url(), "Soundtrack #10"),
    ]
    writeup = make_writeup(show=show, body="Then Hyung-sik, in Soundtrack #1.")
    assert linked(client, writeup) == ["Hyung-sik", "Soundtrack #1"]
    assert writeup.mentions.get(text="Hyung-sik").credit == credit


def test_latin_names_match_case_and_word_boundaries(client, park):
    writeup = make_writeup(body="park hyung-sik, xPark Hyung-sik, Park Hyung-sikX, PARK HYUNG-SIK.")
    assert linked(client, writeup) == []


def test_titles_forgive_the_case_of_small_words_only(client):
    make_show(title="Now, We Are Breaking Up")
    writeup = make_writeup(body="Now, We are Breaking Up. Also now, we are breaking up.")
    assert linked(client, writeup) == ["Now, We are Breaking Up"]
    writeup = make_writeup(body="Now, We Are Breaking up.")
    assert linked(client, writeup) == []


@pytest.fixture
def grid(db):
    return make_show(title="Grid")


def test_a_common_word_title_is_not_every_use_of_the_word(client, grid):
    make_show(title="Happiness")
    body = "Grid lines crossed the grid. Happiness is a warm cup.\n\n## Grid\n\nThe Grid failed."
    writeup = make_writeup(body=body)
    assert linked(client, writeup) == []
    assert not writeup.mentions.exists()


@pytest.mark.parametrize(
    "body",
    [
        "I liked “Grid” a lot.",
        'I liked "Grid" a lot.',
        "I liked *Grid* a lot.",
        "I liked _Grid_ a lot.",
        "I liked Grid (2022) a lot.",
        "Disney+ had Snowdrop, Rookie Cops, Grid, and Crazy Love.",
    ],
    ids=["curly-quotes", "straight-quotes", "emphasis", "underscores", "year", "list"],
)
def test_a_common_word_title_links_when_marked_as_a_title(client, grid, body):
    for title in ("Snowdrop", "Rookie Cops", "Crazy Love"):
        make_show(title=title)
    writeup = make_writeup(body=body)
    assert (grid.get_absolute_url(), "Grid") in body_links(client, writeup)


def test_a_common_word_title_links_next_to_someone_credited_on_it(client, grid, park):
    make_credit(show=grid, person=park)
    writeup = make_writeup(body="Park Hyung-sik was in Grid.\n\n## Elsewhere\n\nGrid was on.")
    assert body_links(client, writeup) == [
        (park.get_absolute_url(), "Park Hyung-sik"),
        (grid.get_absolute_url(), "Grid"),
    ]


def test_a_common_word_title_links_in_a_write_up_about_that_show(client, grid):
    writeup = make_writeup(show=grid, body="Grid is tense.")
    assert linked(client, writeup) == ["Grid"]


def test_characters_link_only_in_write_ups_about_their_show(client, park):
    show = make_show(title="Soundtrack #1")
    make_credit(show=show, person=park, character_name="Han Seon-woo", character_aliases="Sun-woo")
    about = make_writeup(show=show, body="Sun-woo sighs.")
    elsewhere = make_writeup(body="Sun-woo sighs.")
    assert body_links(client, about) == [(f"{show.get_absolute_url()}#cast", "Sun-woo")]
    assert linked(client, elsewhere) == []


def test_one_spelling_of_two_people_links_neither_and_the_editor_sees_why(admin_client):
    make_person(name="Kim Ji-won")
    make_person(name="Kim Jiwon", alternative_names=["Kim Ji-won"])
    writeup = make_writeup(body="Kim Ji-won shines.")
    assert linked(admin_client, writeup) == []
    mention = writeup.mentions.get()
    assert mention.kind == Mention.Kind.AMBIGUOUS
    assert mention.ambiguous_between == "Kim Ji-won (person); Kim Jiwon (person)"
    page = admin_client.get(f"/admin/reviews/writeup/{writeup.pk}/change/")
    assert "Not linked: could be Kim Ji-won (person); Kim Jiwon (person)" in page.text


def test_an_editor_switches_one_link_off_and_it_stays_off(admin_client, park):
    show = make_show(title="Soundtrack #1")
    writeup = make_writeup(
        show=show, body="Park Hyung-sik in Soundtrack #1.\n\n## Two\n\nPark Hyung-sik."
    )
    url = f"/admin/reviews/writeup/{writeup.pk}/change/"
    data = admin_form_data(admin_client.get(url))
    ids = [data[f"mentions-{n}-id"] for n in range(3)]
    first = writeup.mentions.get(position=0)
    assert ids[0] == str(first.pk)
    del data["mentions-0-enabled"]
    data["_publish_changes"] = "1"  # a published piece: changes are staged otherwise
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.content
    assert body_links(admin_client, writeup) == [
        (show.get_absolute_url(), "Soundtrack #1"),
        (park.get_absolute_url(), "Park Hyung-sik"),
    ]
    assert writeup.mentions.filter(enabled=False).count() == 1
    # A later edit of the body renders again, and the link stays off.
    writeup.refresh_from_db()
    writeup.body += "\n\nMore words."
    writeup.save()
    assert linked(admin_client, writeup) == ["Soundtrack #1", "Park Hyung-sik"]
    # Ticked again, it is a link again.
    data = admin_form_data(
        admin_client.get(url), **{"mentions-0-enabled": "on", "_publish_changes": "1"}
    )
    assert admin_client.post(url, data).status_code == 302
    assert linked(admin_client, writeup) == ["Park Hyung-sik", "Soundtrack #1", "Park Hyung-sik"]


def test_names_with_markup_characters_hangul_and_emoji_are_escaped(client):
    tom = make_person(name="Tom & <Jerry> 🐱")
    park = make_person(name="Park Hyung-sik", native_name="박형식")
    writeup = make_writeup(body="Tom & <Jerry> 🐱 met 박형식.")
    assert body_links(client, writeup) == [
        (tom.get_absolute_url(), "Tom & <Jerry> 🐱"),
        (park.get_absolute_url(), "박형식"),
    ]
    assert f'<a href="{tom.get_absolute_url()}">Tom &amp; &lt;Jerry&gt; 🐱</a>' in (
        writeup.body_html
    )
    assert "<Jerry>" not in writeup.body_html
    # Hangul is matched exactly: with a particle attached, it is another word.
    other = make_writeup(body="박형식은 웃었다. 그리고 박형식.")
    assert body_links(client, other) == [(park.get_absolute_url(), "박형식")]
    assert other.body_html.startswith("<p>박형식은 웃었다. 그리고 <a href=")


def test_in_this_article_lists_each_linked_row_once(client, park):
    song = make_song(title="Love Beyond Words")
    show = make_show(title="Soundtrack #1")
    make_credit(show=show, person=park, character_name="Han Seon-woo")
    writeup = make_writeup(
        show=show,
        body="Park Hyung-sik as Han Seon-woo sings Love Beyond Words.\n\n## Again\n\n"
        "Park Hyung-sik.",
    )
    response = client.get(writeup.get_absolute_url())
    box = parse_html(response.content.decode()).find("section", class_="in-article")
    assert box.links() == [
        (park.get_absolute_url(), "Park Hyung-sik"),
        (f"{show.get_absolute_url()}#cast", "Han Seon-woo"),
        (song.get_absolute_url(), "Love Beyond Words"),
    ]


def mentioned_in(client, url):
    page = parse_html(client.get(url).content.decode())
    sections = page.find_all("section", aria_labelledby="mentioned-in-heading")
    return [href for href, _ in sections[0].links()] if sections else []


def test_catalog_pages_list_only_published_write_ups_newest_first(client, park):
    song = make_song(title="Love Beyond Words")
    show = make_show(title="Soundtrack #1")
    body = "Park Hyung-sik, Soundtrack #1 and Love Beyond Words."
    now = timezone.now()
    older = make_writeup(body=body, published_at=now - timezone.timedelta(days=3))
    newer = make_writeup(body=body, published_at=now - timezone.timedelta(days=1))
    make_draft(body=body)
    make_scheduled(body=body)
    trashed = make_writeup(body=body)
    WriteUp.objects.filter(pk=trashed.pk).update(trashed_at=now)
    expected = [newer.get_absolute_url(), older.get_absolute_url()]
    assert mentioned_in(client, park.get_absolute_url()) == expected
    assert mentioned_in(client, show.get_absolute_url()) == expected
    assert mentioned_in(client, song.get_absolute_url()) == expected


def test_a_person_page_lists_write_ups_naming_a_character_they_play(client, park):
    show = make_show(title="Soundtrack #1")
    make_credit(show=show, person=park, character_name="Han Seon-woo")
    writeup = make_writeup(show=show, body="Han Seon-woo is kind.")
    assert mentioned_in(client, park.get_absolute_url()) == [writeup.get_absolute_url()]


def test_a_switched_off_link_does_not_list_the_write_up(client, park):
    writeup = make_writeup(body="Park Hyung-sik.")
    Mention.objects.filter(writeup=writeup).update(enabled=False)
    assert mentioned_in(client, park.get_absolute_url()) == []


def test_catalog_pages_list_a_bounded_number(client, park):
    for _ in range(12):
        make_writeup(body="Park Hyung-sik.")
    assert len(mentioned_in(client, park.get_absolute_url())) == 10


def test_link_mentions_links_names_added_to_the_catalog_after_the_write_up(client):
    writeup = make_writeup(body="Lee Hi sings.")
    assert linked(client, writeup) == []
    make_person(name="Lee Hi")
    call_command("link_mentions", writeup.slug, verbosity=0)
    assert linked(client, writeup) == ["Lee Hi"]


def test_the_database_refuses_a_mention_without_its_target(park):
    writeup = make_writeup(body="Text.")
    with pytest.raises(IntegrityError):
        Mention.objects.create(writeup=writeup, kind="show", person=park, section=0, position=0)


# The mention pass over a 1 MB body (about 30 times the longest body a write-up
# may have) naming six rows in each of 1,100 sections, with 400 more in the
# catalog: 0.7 s of CPU measured (2.9 s of wall time at a load of 9 on two
# cores). CPU time is pinned, with room, so that a busy machine does not fail it.
MEGABYTE_CPU_SECONDS = 3


def test_a_megabyte_body_is_linked_in_bounded_time(park):
    show = make_show(title="Soundtrack #1")
    make_credit(show=show, person=park, character_name="Han Seon-woo")
    for n in range(200):
        make_person(name=f"Person Number {n}")
        make_show(title=f"Show Title {n}")
    paragraph = (
        "Park Hyung-sik plays Han Seon-woo in Soundtrack #1, and Person Number 7 is in "
        "Show Title 9 with Person Number 150; the grid, the happiness, the rest. "
    ) * 5
    sections = 1_000_000 // len(paragraph) + 1
    body = "\n\n".join(f"## Part {n}\n\n{paragraph}" for n in range(sections))
    assert len(body) > 1_000_000
    tokens = parse_markdown(body)
    catalog = load_catalog(show.pk)
    started = time.process_time()
    mentions = link_mentions(tokens, catalog, show_id=show.pk)
    elapsed = time.process_time() - started
    assert elapsed < MEGABYTE_CPU_SECONDS, f"{elapsed:.2f} s"
    assert len(mentions) == 6 * sections
    assert Credit.objects.count() == 1


def test_deleting_a_linked_catalog_row_removes_its_links(
    client, grid, park, django_capture_on_commit_callbacks
):
    writeup = make_writeup(body="Park Hyung-sik was in *Grid*.")
    assert linked(client, writeup) == ["Park Hyung-sik", "Grid"]
    with django_capture_on_commit_callbacks(execute=True):
        grid.delete()
    assert linked(client, writeup) == ["Park Hyung-sik"]
    assert [mention.text for mention in writeup.mentions.all()] == ["Park Hyung-sik"]


def test_in_this_article_names_a_show_by_its_title_alone(client):
    show = make_show(title="Soundtrack #1", year=2022)
    writeup = make_writeup(body="Soundtrack #1 is short.")
    response = client.get(writeup.get_absolute_url())
    box = parse_html(response.content.decode()).find("section", class_="in-article")
    assert box.links() == [(show.get_absolute_url(), "Soundtrack #1")]


@pytest.mark.django_db(transaction=True)  # flush empties the tables: no test transaction around
def test_a_switched_off_link_survives_a_dump_and_load(client, park, tmp_path):
    writeup = make_writeup(body="Park Hyung-sik leads.\n\n## Later\n\nPark Hyung-sik again.")
    Mention.objects.filter(writeup=writeup, position=0).update(enabled=False)
    writeup.refresh_from_db()
    writeup.render_body()
    writeup.save()
    assert linked(client, writeup) == ["Park Hyung-sik"]  # only the second section's
    dump = tmp_path / "dump.json"
    call_command(
        "dumpdata", "catalog", "reviews", "taggit", natural_foreign=True,
        natural_primary=True, output=str(dump), verbosity=0,
    )  # fmt: skip

    call_command("flush", interactive=False, verbosity=0)
    call_command("loaddata", str(dump), verbosity=0)

    reloaded = WriteUp.objects.get(slug=writeup.slug)
    assert list(reloaded.mentions.values_list("position", "enabled")) == [(0, False), (1, True)]
    assert linked(client, reloaded) == ["Park Hyung-sik"]
