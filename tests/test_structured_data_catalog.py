"""The schema.org JSON-LD of the catalog pages (shows, episodes, people, songs) and the rest."""

from datetime import date

import pytest

from catalog.models import Membership, Person, Show, SongCredit

from .factories import (
    make_author,
    make_draft,
    make_episode,
    make_person,
    make_scheduled,
    make_show,
    make_song,
    make_writeup,
)
from .json_ld import SITE, add_image, json_ld, make_soundtrack, the_json_ld

pytestmark = pytest.mark.django_db


@pytest.fixture
def soundtrack():
    return make_soundtrack()


class TestShowPage:
    def test_a_series_lists_its_names_people_episodes_and_genres(self, client, soundtrack):
        data = the_json_ld(client, soundtrack.get_absolute_url())
        assert data["@type"] == "TVSeries"
        assert data["name"] == "Soundtrack #1"
        assert data["alternateName"] == ["사운드트랙#1", "Soundtrack No1"]
        assert data["url"] == f"{SITE}/shows/soundtrack-1/"
        assert data["inLanguage"] == "ko"
        assert data["datePublished"] == data["startDate"] == "2022-03-23"
        assert data["description"] == "Two friends write a love song."
        assert sorted(data["genre"]) == ["Music drama", "Romance"]
        assert data["publisher"] == {"@type": "Organization", "name": "Disney+"}
        assert data["actor"] == [
            {
                "@type": "PerformanceRole",
                "actor": {
                    "@type": "Person",
                    "name": "Park Hyung-sik",
                    "url": f"{SITE}/people/park-hyung-sik/",
                },
                "characterName": "Han Seon-woo",
            },
            {"@type": "Person", "name": "Cameo Actor", "url": f"{SITE}/people/cameo-actor/"},
        ]
        assert data["director"] == [
            {"@type": "Person", "name": "Kim Hee-won", "url": f"{SITE}/people/kim-hee-won/"}
        ]
        assert [writer["name"] for writer in data["author"]] == ["Ban Ki-ri"]
        assert data["numberOfEpisodes"] == 4
        assert [episode["episodeNumber"] for episode in data["episode"]] == [1, 2]
        assert data["episode"][1]["name"] == "Episode 2"
        assert "image" not in data

    def test_the_rating_counts_published_scored_write_ups_only(self, client, soundtrack):
        make_writeup(show=soundtrack, scores=[("Story", 9, 10)])
        make_writeup(show=soundtrack, scores=[("Story", 4, 5)])
        make_writeup(show=soundtrack, kind="feature")  # not scored
        make_draft(show=soundtrack, scores=[("Story", 1, 10)])
        make_scheduled(show=soundtrack, scores=[("Story", 0, 10)])
        data = the_json_ld(client, soundtrack.get_absolute_url())
        assert data["aggregateRating"] == {
            "@type": "AggregateRating",
            "ratingValue": "8.5",
            "reviewCount": 2,
            "bestRating": "10",
            "worstRating": "0",
        }

    def test_a_show_rated_only_in_drafts_has_no_aggregate_rating(self, client, soundtrack):
        make_draft(show=soundtrack, scores=[("Story", 9, 10)])
        make_scheduled(show=soundtrack, scores=[("Story", 9, 10)])
        make_writeup(show=soundtrack, kind="review")  # published, not scored
        data = the_json_ld(client, soundtrack.get_absolute_url())
        assert "aggregateRating" not in data

    def test_a_film_is_a_movie_without_episodes(self, client):
        film = make_show(title="Parasite", slug="parasite", kind=Show.Kind.FILM, year=2019)
        data = the_json_ld(client, film.get_absolute_url())
        assert data["@type"] == "Movie"
        assert data["datePublished"] == "2019"
        assert "numberOfEpisodes" not in data
        assert "startDate" not in data

    def test_a_poster_is_given_as_the_absolute_address_of_a_rendition(self, client, soundtrack):
        add_image(soundtrack, "poster", 800, 1200)
        data = the_json_ld(client, soundtrack.get_absolute_url())
        assert data["image"].startswith(f"{SITE}/media/posters/")
        assert data["image"].endswith("-w640.jpg")

    def test_a_show_title_that_closes_the_script_element_stays_inside_the_json(self, client):
        title = "</script><script>alert(1)</script>"
        show = make_show(title=title, slug="bad-title")
        data = the_json_ld(client, show.get_absolute_url())
        assert data["name"] == title


class TestEpisodePage:
    def test_an_episode_is_a_tv_episode_of_its_series(self, client, soundtrack):
        make_episode(show=soundtrack, number=3, air_date=date(2022, 3, 30), runtime_minutes=45)
        data = the_json_ld(client, "/shows/soundtrack-1/episodes/3/")
        assert data["@type"] == "TVEpisode"
        assert data["episodeNumber"] == 3
        assert data["name"] == "Episode 3"
        assert data["url"] == f"{SITE}/shows/soundtrack-1/episodes/3/"
        assert data["partOfSeries"]["@type"] == "TVSeries"
        assert data["partOfSeries"]["name"] == "Soundtrack #1"
        assert data["partOfSeries"]["url"] == f"{SITE}/shows/soundtrack-1/"
        assert data["datePublished"] == "2022-03-30"
        assert data["duration"] == "PT45M"


class TestPersonPages:
    def test_a_person_has_names_and_the_groups_they_belong_to(self, client):
        kyuhyun = make_person(
            name="Kyuhyun",
            slug="kyuhyun",
            native_name="규현",
            bio="Singer and actor.",
            alternative_names=["Cho Kyu-hyun"],
        )
        group = make_person(name="Super Junior", slug="super-junior", kind=Person.Kind.GROUP)
        Membership.objects.create(group=group, member=kyuhyun)
        add_image(kyuhyun, "photo", 600, 800)
        data = the_json_ld(client, kyuhyun.get_absolute_url())
        assert data["@type"] == "Person"
        assert data["name"] == "Kyuhyun"
        assert data["alternateName"] == ["규현", "Cho Kyu-hyun"]
        assert data["url"] == f"{SITE}/people/kyuhyun/"
        assert data["description"] == "Singer and actor."
        assert data["image"].startswith(f"{SITE}/media/people/")
        assert data["memberOf"] == [
            {"@type": "MusicGroup", "name": "Super Junior", "url": f"{SITE}/people/super-junior/"}
        ]
        assert "member" not in data

    def test_a_group_is_a_music_group_with_its_members(self, client):
        davichi = make_person(name="Davichi", slug="davichi", kind=Person.Kind.GROUP)
        for name, slug in [("Kang Min-kyung", "kang-min-kyung"), ("Lee Hae-ri", "lee-hae-ri")]:
            Membership.objects.create(group=davichi, member=make_person(name=name, slug=slug))
        data = the_json_ld(client, davichi.get_absolute_url())
        assert data["@type"] == "MusicGroup"
        assert data["member"] == [
            {"@type": "Person", "name": "Kang Min-kyung", "url": f"{SITE}/people/kang-min-kyung/"},
            {"@type": "Person", "name": "Lee Hae-ri", "url": f"{SITE}/people/lee-hae-ri/"},
        ]
        assert "memberOf" not in data


class TestSongPage:
    def test_a_song_is_a_recording_by_its_artists_on_the_show_soundtrack(self, client, soundtrack):
        davichi = make_person(name="Davichi", slug="davichi", kind=Person.Kind.GROUP)
        song = make_song(
            title="Just a Moment",
            slug="just-a-moment",
            native_title="잠깐만",
            show=soundtrack,
            part_number=2,
            release_date=date(2022, 3, 30),
            performers=[davichi],
        )
        song.credits.create(person=make_person(name="Lee Hae-ri"), role=SongCredit.Role.LYRICIST)
        song.credits.create(
            person=make_person(name="Song Dong-woon"), role=SongCredit.Role.PRODUCER
        )
        data = the_json_ld(client, song.get_absolute_url())
        assert data["@type"] == "MusicRecording"
        assert data["name"] == "Just a Moment"
        assert data["alternateName"] == ["잠깐만"]
        assert data["url"] == f"{SITE}/songs/just-a-moment/"
        assert data["byArtist"] == [
            {"@type": "MusicGroup", "name": "Davichi", "url": f"{SITE}/people/davichi/"}
        ]
        assert data["datePublished"] == "2022-03-30"
        assert data["inAlbum"]["@type"] == "MusicAlbum"
        assert data["inAlbum"]["name"] == "Soundtrack #1 OST"
        assert data["inAlbum"]["about"]["url"] == f"{SITE}/shows/soundtrack-1/"
        assert [person["name"] for person in data["producer"]] == ["Song Dong-woon"]
        assert data["recordingOf"]["@type"] == "MusicComposition"
        assert [person["name"] for person in data["recordingOf"]["lyricist"]] == ["Lee Hae-ri"]

    def test_a_song_without_a_show_has_no_album(self, client):
        song = make_song(title="Single", slug="single")
        data = the_json_ld(client, song.get_absolute_url())
        assert data["@type"] == "MusicRecording"
        assert "inAlbum" not in data
        assert "byArtist" not in data


class TestSitePages:
    def test_the_home_page_names_the_site(self, client):
        data = the_json_ld(client, "/")
        assert data["@type"] == "WebSite"
        assert data["name"] == "Second Lead"
        assert data["url"] == f"{SITE}/"
        assert data["potentialAction"]["target"]["urlTemplate"] == (
            f"{SITE}/search/?q={{search_term}}"
        )

    def test_an_author_page_is_the_profile_of_a_person(self, client):
        author = make_author(
            name="Min Ji", slug="min-ji", bio="Writes about OSTs.", website="https://minji.example/"
        )
        make_writeup(authors=[author])  # an author has a page once a piece is published
        data = the_json_ld(client, author.get_absolute_url())
        assert data["@type"] == "ProfilePage"
        assert data["mainEntity"] == {
            "@type": "Person",
            "name": "Min Ji",
            "url": f"{SITE}/authors/min-ji/",
            "description": "Writes about OSTs.",
            "sameAs": ["https://minji.example/"],
        }

    @pytest.mark.parametrize("url", ["/reviews/", "/shows/", "/people/", "/songs/"])
    def test_list_pages_carry_no_json_ld(self, client, url):
        assert json_ld(client, url) == []
