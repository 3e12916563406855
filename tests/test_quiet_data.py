"""Quiet data (issue 16, part 7): spellings collapsed and de-duplicated, empty columns
hidden, the show's stated runtime used, and a catalog row with only a name and a year
shown compactly and kept out of search engines until it has content."""

import pytest
from django.test import TestCase
from django.urls import reverse

from catalog.models import Show
from tests.factories import (
    make_credit,
    make_episode,
    make_person,
    make_show,
    make_song,
    make_writeup,
)
from tests.html_tree import parse_html
from tests.launch_fixtures import FIXTURES

NOINDEX = '<meta name="robots" content="noindex">'


def squash(text):
    return " ".join(text.split())


def show_url(slug):
    return reverse("catalog:show_detail", kwargs={"slug": slug})


def person_url(slug):
    return reverse("catalog:person_detail", kwargs={"slug": slug})


class LaunchQuietDataTests(TestCase):
    fixtures = FIXTURES

    def get(self, url):
        response = self.client.get(url)
        assert response.status_code == 200
        return response.content.decode(), parse_html(response.content.decode())

    def test_a_spelling_differing_only_in_case_is_not_shown_again(self):
        _, page = self.get(person_url("park-hyung-sik"))
        header = squash(page.find("header", class_="detail__head").text)
        assert "Park Hyung-Sik" not in header
        assert "Also written Park Hyung Sik (other spelling)" in header

    def test_a_character_shows_at_most_one_other_spelling(self):
        _, page = self.get(show_url("soundtrack-1"))
        cast = page.find("section", aria_labelledby="cast-heading")
        lines = {
            squash(member.find("div").text).split(" as ")[0]: squash(member.find("div").text)
            for member in cast.find_all("li", class_="cast-member")
        }
        # Seon-woo, Han Seon Woo, Seon Woo, Sun-woo, Han Sun-woo: all the same name.
        assert lines["Park Hyung-sik"] == "Park Hyung-sik as Han Seon-woo"
        assert lines["Yoon Byung-hee"] == "Yoon Byung-hee as Dong-hyeon"
        for line in lines.values():
            assert line.count("also") <= 1 and "," not in line.partition(" also ")[2], line

    def test_the_episode_table_gives_the_runtime_the_show_states(self):
        _, page = self.get(show_url("soundtrack-1"))
        rows = page.find("table", class_="episode-table").find_all("tr")
        assert [squash(cell.text) for cell in rows[0].find_all("th")] == [
            "#",
            "Title",
            "Aired",
            "Runtime",
        ]
        runtimes = [squash(row.find_all("td")[-1].text) for row in rows[1:]]
        assert runtimes == ["45 min"] * 4

    def test_an_episode_page_gives_the_runtime_the_show_states(self):
        url = reverse("catalog:episode_detail", kwargs={"slug": "soundtrack-1", "number": 3})
        _, page = self.get(url)
        assert "45 min" in squash(page.find("p", class_="episode__facts").text)

    def test_songs_without_part_numbers_have_no_number_column(self):
        _, page = self.get(show_url("soundtrack-1"))
        ost = page.find("section", aria_labelledby="ost-heading")
        assert ost.find_all(class_="ost-list__part") == []
        assert "—" not in ost.text

    def test_a_show_with_only_a_name_and_a_year_is_compact_and_noindex(self):
        markup, page = self.get(show_url("happiness"))
        assert NOINDEX in markup
        assert page.find_all(class_="poster-placeholder") == []
        assert page.find_all("section", aria_labelledby="writeups-heading") == []
        assert "Only the basics of Happiness" in page.find("p", class_="stub-note").text
        # Its cast line stays: the show is reachable from the person who played in it.
        assert ("/people/park-hyung-sik/", "Park Hyung-sik") in page.links()

    def test_the_reviewed_show_is_a_full_page_and_indexed(self):
        markup, page = self.get(show_url("soundtrack-1"))
        assert NOINDEX not in markup
        assert page.find_all(class_="stub-note") == []

    def test_forty_of_the_forty_four_launch_shows_are_stubs(self):
        stubs = [
            show.slug
            for show in Show.objects.all()
            if NOINDEX in self.client.get(show_url(show.slug)).content.decode()
        ]
        assert len(stubs) == 40
        for full in ("soundtrack-1", "soundtrack-2", "my-name", "strong-girl-bong-soon"):
            assert full not in stubs


@pytest.mark.django_db
def test_an_empty_aired_or_runtime_column_is_left_out(client):
    show = make_show(title="Quiet show", synopsis="A show.", runtime_minutes=None)
    make_episode(show=show, title="One")
    make_episode(show=show, title="Two")
    page = parse_html(client.get(show.get_absolute_url()).content.decode())
    table = page.find("table", class_="episode-table")
    assert [squash(th.text) for th in table.find("thead").find_all("th")] == ["#", "Title"]
    assert "—" not in table.text


@pytest.mark.django_db
def test_a_film_runtime_is_not_given_to_its_episodes(client):
    film = make_show(title="A film", kind="film", synopsis="A film.", runtime_minutes=110)
    make_episode(show=film)
    page = parse_html(client.get(film.get_absolute_url()).content.decode())
    heads = [squash(th.text) for th in page.find("table", class_="episode-table").find_all("th")]
    assert "Runtime" not in heads


@pytest.mark.django_db
def test_numbered_songs_keep_their_number_column(client):
    show = make_show(title="OST show", synopsis="Songs.")
    make_song(title="First", show=show, part_number=1)
    make_song(title="Bonus", show=show)
    page = parse_html(client.get(show.get_absolute_url()).content.decode())
    parts = [squash(part.text) for part in page.find_all(class_="ost-list__part")]
    assert parts == ["Part 1", ""]


@pytest.mark.django_db
def test_a_character_keeps_a_spelling_that_is_really_another(client):
    credit = make_credit(
        character_name="Eun-soo's mom",
        character_aliases="Eun-soo's Mom; Eun Soo's mom; Eun-soo's mother; Mrs Lee",
    )
    page = parse_html(client.get(credit.show.get_absolute_url()).content.decode())
    line = squash(page.find("li", class_="cast-member").find("div").text)
    assert line.endswith("as Eun-soo's mom also Eun-soo's mother")


@pytest.mark.django_db
def test_a_stub_becomes_a_full_page_once_it_has_content(client):
    show = make_show(title="Bare show", year=2021)
    assert NOINDEX in client.get(show.get_absolute_url()).content.decode()
    make_writeup(show=show, kind="review")
    assert NOINDEX not in client.get(show.get_absolute_url()).content.decode()


@pytest.mark.django_db
def test_a_person_with_only_a_name_is_compact_and_noindex(client):
    bare = make_person(name="Bare Name", alternative_names=["BARE NAME", "Bare-name"])
    markup = client.get(bare.get_absolute_url()).content.decode()
    page = parse_html(markup)
    assert NOINDEX in markup
    assert page.find_all(class_="avatar-placeholder") == []
    assert squash(page.find("header").text).count("BARE NAME") == 0
    cast = make_person(name="Cast Member")
    make_credit(person=cast)
    assert NOINDEX not in client.get(cast.get_absolute_url()).content.decode()
