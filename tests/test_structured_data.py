"""The schema.org JSON-LD each public page gives search engines.

Every test reads the page through the HTTP client and parses each
<script type="application/ld+json"> with json.loads, as a crawler would.
"""

import json
from datetime import date, datetime
from io import BytesIO

import pytest
from django.contrib.auth.models import Permission, User
from django.core.files.base import ContentFile
from PIL import Image

from catalog.models import Credit, Membership, Person, Show, SongCredit

from .factories import (
    make_author,
    make_credit,
    make_draft,
    make_episode,
    make_genre,
    make_network,
    make_outlet,
    make_person,
    make_scheduled,
    make_show,
    make_song,
    make_writeup,
)
from .html_tree import parse_html

pytestmark = pytest.mark.django_db

SITE = "http://testserver"


def add_image(instance, field, width, height):
    """Store a ``width`` x ``height`` picture in an image field, as an editor's upload would be."""
    buffer = BytesIO()
    Image.new("RGB", (width, height), "teal").save(buffer, "PNG")
    setattr(instance, field, ContentFile(buffer.getvalue(), name="upload.png"))
    instance.save()


def json_ld(client, url):
    """Every JSON-LD object on the page at ``url`` (which must answer 200)."""
    response = client.get(url)
    assert response.status_code == 200
    scripts = parse_html(response.content).find_all("script", type="application/ld+json")
    return [json.loads(script.raw_text()) for script in scripts]


def the_json_ld(client, url):
    """The page's one JSON-LD object, checked to be schema.org data."""
    found = json_ld(client, url)
    assert len(found) == 1, found
    assert found[0]["@context"] == "https://schema.org"
    return found[0]


@pytest.fixture
def soundtrack():
    show = make_show(
        title="Soundtrack #1",
        slug="soundtrack-1",
        native_title="사운드트랙#1",
        premiere_date=date(2022, 3, 23),
        episode_count=4,
        network=make_network(name="Disney+"),
        genres=[make_genre(name="Romance"), make_genre(name="Music drama")],
        alternative_titles=["Soundtrack No1"],
        synopsis="Two friends write a love song.",
    )
    make_credit(
        show=show,
        person=make_person(name="Park Hyung-sik", slug="park-hyung-sik"),
        character_name="Han Seon-woo",
    )
    make_credit(
        show=show,
        person=make_person(name="Cameo Actor", slug="cameo-actor"),
        billing=Credit.Billing.CAMEO,
        character_name="",
    )
    director = make_person(name="Kim Hee-won", slug="kim-hee-won")
    make_credit(show=show, person=director, role=Credit.Role.DIRECTOR)
    make_credit(show=show, person=make_person(name="Ban Ki-ri"), role=Credit.Role.WRITER)
    make_episode(show=show, number=1, title="A new song")
    make_episode(show=show, number=2)
    return show


@pytest.fixture
def authors():
    return [make_author(name="Min Ji", slug="min-ji"), make_author(name="Ana", slug="ana")]


class TestWriteUpPages:
    def test_a_scored_review_is_a_review_of_the_series_with_its_rating(
        self, client, soundtrack, authors
    ):
        review = make_writeup(
            show=soundtrack,
            kind="review",
            title="A warm duet",
            slug="a-warm-duet",
            standfirst="Short, sweet and well sung.",
            authors=authors,
            tags=["romance"],
            scores=[("Story", 9, 10), ("Oppa", 4.9, 5)],
        )
        data = the_json_ld(client, review.get_absolute_url())
        assert data["@type"] == "Review"
        assert data["headline"] == "A warm duet"
        assert data["description"] == "Short, sweet and well sung."
        assert data["url"] == f"{SITE}/reviews/a-warm-duet/"
        assert datetime.fromisoformat(data["datePublished"]) == review.published_at
        assert datetime.fromisoformat(data["dateModified"]) >= review.published_at
        assert data["author"] == [
            {"@type": "Person", "name": "Min Ji", "url": f"{SITE}/authors/min-ji/"},
            {"@type": "Person", "name": "Ana", "url": f"{SITE}/authors/ana/"},
        ]
        assert data["publisher"] == {
            "@type": "Organization",
            "name": "Second Lead",
            "url": f"{SITE}/",
        }
        assert data["itemReviewed"] == {
            "@type": "TVSeries",
            "name": "Soundtrack #1",
            "alternateName": ["사운드트랙#1"],
            "url": f"{SITE}/shows/soundtrack-1/",
        }
        assert data["reviewRating"] == {
            "@type": "Rating",
            "ratingValue": "9.4",
            "bestRating": "10",
            "worstRating": "0",
        }
        assert data["keywords"] == ["romance"]

    def test_an_unscored_review_is_still_a_review_without_a_rating(self, client, soundtrack):
        review = make_writeup(show=soundtrack, kind="review")
        data = the_json_ld(client, review.get_absolute_url())
        assert data["@type"] == "Review"
        assert data["itemReviewed"]["name"] == "Soundtrack #1"
        assert "reviewRating" not in data

    def test_a_film_review_reviews_a_movie(self, client):
        film = make_show(title="Parasite", slug="parasite", kind=Show.Kind.FILM)
        review = make_writeup(show=film, kind="review", scores=[("Story", 10, 10)])
        data = the_json_ld(client, review.get_absolute_url())
        assert data["itemReviewed"]["@type"] == "Movie"
        assert data["reviewRating"]["ratingValue"] == "10"

    def test_a_piece_from_an_outlet_names_the_outlet_as_publisher(self, client, soundtrack):
        outlet = make_outlet(name="Drama Beans", website="https://dramabeans.example/")
        review = make_writeup(show=soundtrack, outlet=outlet)
        data = the_json_ld(client, review.get_absolute_url())
        assert data["publisher"] == {
            "@type": "Organization",
            "name": "Drama Beans",
            "url": "https://dramabeans.example/",
        }

    def test_a_feature_is_an_article_about_the_series(self, client, soundtrack, authors):
        feature = make_writeup(show=soundtrack, kind="feature", authors=authors[:1])
        data = the_json_ld(client, feature.get_absolute_url())
        assert data["@type"] == "Article"
        assert data["about"]["@type"] == "TVSeries"
        assert data["about"]["name"] == "Soundtrack #1"
        assert data["articleSection"] == "Feature"
        assert data["author"][0]["name"] == "Min Ji"
        assert "itemReviewed" not in data
        assert "reviewRating" not in data

    def test_a_recap_is_an_article_about_its_episode_of_the_series(self, client, soundtrack):
        episode = soundtrack.episodes.get(number=1)
        recap = make_writeup(show=soundtrack, episode=episode, kind="recap")
        data = the_json_ld(client, recap.get_absolute_url())
        assert data["@type"] == "Article"
        assert data["about"] == {
            "@type": "TVEpisode",
            "name": "A new song",
            "episodeNumber": 1,
            "url": f"{SITE}/shows/soundtrack-1/episodes/1/",
            "partOfSeries": {
                "@type": "TVSeries",
                "name": "Soundtrack #1",
                "alternateName": ["사운드트랙#1"],
                "url": f"{SITE}/shows/soundtrack-1/",
            },
        }

    def test_a_piece_without_a_byline_is_credited_to_the_site(self, client, soundtrack):
        feature = make_writeup(show=soundtrack, kind="feature")
        data = the_json_ld(client, feature.get_absolute_url())
        assert data["author"] == [data["publisher"]]

    def test_a_title_that_closes_the_script_element_stays_inside_the_json(self, client, soundtrack):
        title = 'Bad </script><script>alert(1)</script> <!-- & "co"'
        review = make_writeup(show=soundtrack, title=title, standfirst=title)
        response = client.get(review.get_absolute_url())
        assert b"</script><script>alert(1)" not in response.content
        data = the_json_ld(client, review.get_absolute_url())
        assert data["headline"] == title
        assert data["description"] == title

    @pytest.mark.parametrize("make_unpublished", [make_draft, make_scheduled])
    def test_a_staff_preview_of_an_unpublished_piece_has_no_json_ld(
        self, client, soundtrack, make_unpublished
    ):
        editor = User.objects.create_user("editor", password="x", is_staff=True)
        editor.user_permissions.add(Permission.objects.get(codename="view_writeup"))
        client.force_login(editor)
        piece = make_unpublished(show=soundtrack, scores=[("Story", 2, 10)])
        response = client.get(piece.get_absolute_url())
        assert response.status_code == 200
        assert b"application/ld+json" not in response.content


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
