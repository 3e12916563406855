"""Every endpoint of the read API answers 200 with the shape docs/api.md describes."""

import pytest
from django.urls import reverse

from .api_data import get_json, make_catalog
from .factories import make_writeup

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalog():
    return make_catalog()


def test_root_links_every_list_search_and_the_schema(client):
    links = get_json(client, "/api/v1/")
    assert set(links) == {
        *("shows", "people", "songs", "writeups", "tags", "search", "schema"),
        *("names_json", "names_csv"),
    }
    assert links["shows"] == "http://testserver/api/v1/shows/"
    assert links["names_json"] == "http://testserver/data/names.json"
    assert links["names_csv"] == "http://testserver/data/names.csv"


def test_show_list_gives_titles_network_genres_and_rating(client, catalog):
    page = get_json(client, reverse("api:show_list"))
    assert set(page) == {"next", "previous", "results"}
    show = next(item for item in page["results"] if item["slug"] == "soundtrack-1")
    assert show["title"] == "Soundtrack #1"
    assert show["native_title"] == "사운드트랙#1"
    assert show["titles"] == [{"text": "Saundeuteuraek #1", "kind": "romanization"}]
    assert show["network"] == {"slug": "disney-plus", "name": "Disney+"}
    assert show["genres"] == [{"slug": "romance", "name": "Romance"}]
    # The published review alone: (9/10 + 4.5/5) / 2 = 9.0 out of 10.
    assert show["rating"] == {"average": "9.0", "scale": "10", "count": 1}
    # In the site order the pages use: MyDramaList, TMDB, IMDb, Wikidata.
    assert show["external_ids"] == [
        {"site": "tmdb", "id": "tv/100001", "url": "https://www.themoviedb.org/tv/100001"},
        {"site": "wikidata", "id": "Q100001", "url": "https://www.wikidata.org/wiki/Q100001"},
    ]
    assert show["url"] == "http://testserver/api/v1/shows/soundtrack-1/"
    assert show["page"] == "http://testserver/shows/soundtrack-1/"


def test_show_detail_gives_episodes_credits_songs_and_related_shows(client, catalog):
    show = get_json(client, reverse("api:show_detail", args=["soundtrack-1"]))
    assert show["episode_count"] == 4
    assert [(e["number"], e["title"]) for e in show["episodes"]] == [(1, "Episode one"), (2, "")]
    cast = show["credits"][0]
    assert cast["person"]["name"] == "Park Hyung-sik"
    assert cast["character_name"] == "Han Seon-woo"
    assert cast["character_aliases"] == ["Han Sun-woo", "Seon Woo"]
    assert show["credits"][1]["role"] == "director"
    assert show["songs"][0]["title"] == "Love Beyond Words"
    assert [p["name"] for p in show["songs"][0]["performers"]] == ["Kyuhyun"]
    assert show["related_shows"] == [
        {
            "relation": "Sequel",
            "show": {
                "slug": "soundtrack-2",
                "title": "Soundtrack #2",
                "year": 2023,
                "url": "http://testserver/api/v1/shows/soundtrack-2/",
            },
        }
    ]
    assert show["rating"]["count"] == 1
    assert show["poster"] is None
    assert show["writeups"] == "http://testserver/api/v1/writeups/?show=soundtrack-1"
    sequel = get_json(client, reverse("api:show_detail", args=["soundtrack-2"]))
    assert [r["relation"] for r in sequel["related_shows"]] == ["Prequel"]


def test_person_list_and_detail_give_every_spelling_filmography_and_songs(client, catalog):
    people = get_json(client, reverse("api:person_list"))["results"]
    hyungsik = next(p for p in people if p["slug"] == "park-hyung-sik")
    assert hyungsik["native_name"] == "박형식"
    assert hyungsik["names"] == [{"text": "Park Hyung Sik", "kind": "spelling"}]
    assert hyungsik["external_ids"] == [
        {"site": "imdb", "id": "nm1000001", "url": "https://www.imdb.com/name/nm1000001/"}
    ]
    detail = get_json(client, reverse("api:person_detail", args=["park-hyung-sik"]))
    assert [(c["show"]["slug"], c["character_name"]) for c in detail["filmography"]] == [
        ("soundtrack-1", "Han Seon-woo")
    ]
    kyuhyun = get_json(client, reverse("api:person_detail", args=["kyuhyun"]))
    assert [g["slug"] for g in kyuhyun["groups"]] == ["super-junior"]
    assert kyuhyun["songs"][0]["song"]["slug"] == "love-beyond-words"
    assert kyuhyun["songs"][0]["role"] == "performer"
    assert kyuhyun["songs"][0]["show"]["slug"] == "soundtrack-1"
    group = get_json(client, reverse("api:person_detail", args=["super-junior"]))
    assert [m["slug"] for m in group["members"]] == ["kyuhyun"]
    producer = get_json(client, reverse("api:person_detail", args=["kim-hee-won"]))
    assert [s["role"] for s in producer["songs"]] == ["producer"]


def test_song_list_and_detail_give_show_performers_and_credits(client, catalog):
    songs = get_json(client, reverse("api:song_list"))["results"]
    assert [(s["slug"], s["show"]["slug"], s["part_number"]) for s in songs] == [
        ("love-beyond-words", "soundtrack-1", 1)
    ]
    assert [p["slug"] for p in songs[0]["performers"]] == ["kyuhyun"]
    song = get_json(client, reverse("api:song_detail", args=["love-beyond-words"]))
    assert [(c["person"]["slug"], c["role"]) for c in song["credits"]] == [
        ("kim-hee-won", "producer")
    ]


def test_writeup_list_and_detail_give_bylines_tags_scores_and_body(client, catalog):
    pieces = get_json(client, reverse("api:writeup_list"))["results"]
    assert [p["slug"] for p in pieces] == ["soundtrack-1-review"]
    piece = pieces[0]
    assert piece["show"]["slug"] == "soundtrack-1"
    assert piece["authors"] == [{"slug": "min-ji", "name": "Min Ji"}]
    assert [t["name"] for t in piece["tags"]] == ["friends to lovers", "melodrama"]
    assert piece["rating"] == "9.0"
    assert piece["episode"] is None and piece["outlet"] is None
    detail = get_json(client, piece["url"])
    assert "<em>chemistry</em>" in detail["body_html"]
    assert detail["verdict_watch"] == "You like slow burns."
    assert [(s["label"], s["value"], s["scale"]) for s in detail["scores"]] == [
        ("Story", "9.00", "10.00"),
        ("Oppa", "4.50", "5.00"),
    ]


def test_tag_list_and_detail_give_counts_description_and_writeups_link(client, catalog):
    tags = get_json(client, reverse("api:tag_list"))["results"]
    assert [(t["name"], t["writeup_count"]) for t in tags] == [
        ("friends to lovers", 1),
        ("melodrama", 1),
    ]
    tag = get_json(client, tags[1]["url"])
    assert tag["description"] == "Tears, mostly."
    assert tag["synonyms"] == []
    assert tag["writeups"] == "http://testserver/api/v1/writeups/?tag=melodrama"
    assert [p["slug"] for p in get_json(client, tag["writeups"])["results"]] == [
        "soundtrack-1-review"
    ]


@pytest.mark.parametrize("query", ["Hyungsik", "hyung sik", "Hyeong-sik", "박형식"])
def test_search_finds_people_by_any_spelling_as_the_search_page_does(client, catalog, query):
    found = get_json(client, reverse("api:search"), {"q": query})
    assert found["query"] == query
    assert [p["slug"] for p in found["results"]["people"]["items"]] == ["park-hyung-sik"]
    assert found["results"]["people"]["total"] == 1


def test_search_of_one_kind_answers_that_kind_only(client, catalog):
    found = get_json(client, reverse("api:search"), {"q": "Seon-woo", "type": "characters"})
    assert list(found["results"]) == ["characters"]
    item = found["results"]["characters"]["items"][0]
    assert item["character_name"] == "Han Seon-woo"
    assert item["person"]["slug"] == "park-hyung-sik"


def test_search_finds_published_writeups_by_their_words(client, catalog):
    found = get_json(client, reverse("api:search"), {"q": "unhurried", "type": "writeups"})
    assert [w["slug"] for w in found["results"]["writeups"]["items"]] == ["soundtrack-1-review"]


def test_search_says_what_a_too_short_query_left_out(client, catalog):
    found = get_json(client, reverse("api:search"), {"q": "a"})
    assert found["results"] == {}
    assert found["notes"] and "too short" in found["notes"][0]


@pytest.mark.parametrize(
    "url",
    ["/api/v1/shows/nope/", "/api/v1/nothing/", "/api/v1/shows/a/b/", "/api/v1/tags/%F0%9F%92%94/"],
)
def test_an_address_that_names_nothing_is_a_json_404(client, catalog, url):
    assert "detail" in get_json(client, url, status=404)


def test_head_answers_like_get_without_a_body(client, catalog):
    response = client.head(reverse("api:show_list"))
    assert response.status_code == 200 and response.content == b""
    assert response.headers["Content-Type"] == "application/json"


def test_an_old_slug_answers_301_to_the_current_api_address(client, catalog):
    show = catalog["show"]
    show.slug = "soundtrack-no-1"
    show.save()
    response = client.get("/api/v1/shows/soundtrack-1/")
    assert response.status_code == 301
    assert response.headers["Location"] == "/api/v1/shows/soundtrack-no-1/"


def test_an_old_slug_of_a_draft_leads_nowhere(client, catalog):
    draft = catalog["hidden"][0]
    draft.slug = "secret-draft-renamed"
    draft.save()
    assert client.get("/api/v1/writeups/secret-draft/").status_code == 404


def test_an_address_without_its_slash_is_redirected_to_it(client):
    response = client.get("/api/v1/shows")
    assert response.status_code == 301
    assert response.headers["Location"] == "/api/v1/shows/"


def test_writeups_say_which_episodes_they_give_away(client, catalog):
    episode = catalog["show"].episodes.get(number=2)
    make_writeup(slug="recap-2", kind="recap", show=catalog["show"], episode=episode)
    make_writeup(
        slug="ranged",
        show=catalog["show"],
        has_spoilers=True,
        spoiler_from_episode=1,
        spoiler_to_episode=3,
    )
    pieces = {p["slug"]: p for p in get_json(client, reverse("api:writeup_list"))["results"]}
    assert pieces["recap-2"]["spoilers"] == {"first": 2, "last": 2}
    assert pieces["recap-2"]["episode"] == 2
    assert pieces["ranged"]["spoilers"] == {"first": 1, "last": 3}
    assert pieces["soundtrack-1-review"]["spoilers"] is None
    detail = get_json(client, reverse("api:writeup_detail", args=["ranged"]))
    assert detail["spoilers"] == {"first": 1, "last": 3}
