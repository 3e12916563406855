"""How the API answers requests: cursors, filters, bad parameters, throttling, conditional
GET, CORS, the page cache and the OpenAPI schema."""

import base64
import json

import pytest
import yaml
from django.db import connection
from django.urls import reverse
from openapi_spec_validator import validate

from reviews_site.search import limits

from . import redis_servers
from .api_data import get_json, make_catalog
from .factories import make_genre, make_network, make_show, make_writeup

pytestmark = pytest.mark.django_db

SHOWS = reverse("api:show_list")
WRITEUPS = reverse("api:writeup_list")


def cursor(query):
    return base64.b64encode(query.encode()).decode()


# Cursor pagination ---------------------------------------------------------------------


def test_cursor_pages_walk_every_show_once_forwards_and_back(client):
    made = {make_show().slug for _ in range(7)}
    seen, pages, url = [], [], f"{SHOWS}?page_size=3"
    while url:
        page = get_json(client, url)
        pages.append(page)
        seen += [show["slug"] for show in page["results"]]
        url = page["next"]
    assert len(pages) == 3 and sorted(seen) == sorted(made) and len(seen) == len(made)
    back = get_json(client, pages[-1]["previous"])
    assert back["results"] == pages[1]["results"]


def test_a_row_added_meanwhile_neither_repeats_nor_hides_rows_already_paged(client):
    first = [make_show() for _ in range(4)]
    page = get_json(client, SHOWS, {"page_size": 2})
    make_show()
    rest = get_json(client, page["next"])
    assert [s["slug"] for s in rest["results"]] == [show.slug for show in first[2:]]


def test_writeups_are_paged_newest_first(client):
    pieces = [make_writeup() for _ in range(3)]
    page = get_json(client, WRITEUPS, {"page_size": 2})
    following = get_json(client, page["next"])
    slugs = [p["slug"] for p in page["results"] + following["results"]]
    assert slugs == [p.slug for p in sorted(pieces, key=lambda p: (p.published_at, p.pk))][::-1]


# Filters ------------------------------------------------------------------------------


def test_show_filters_by_year_platform_genre_kind_person_and_tag(client):
    catalog = make_catalog()
    other = make_show(year=2020, network=make_network(), genres=[make_genre()])

    def slugs(**params):
        return {s["slug"] for s in get_json(client, SHOWS, params)["results"]}

    assert slugs(year=2022) == {"soundtrack-1"}
    assert slugs(year=2020) == {other.slug}
    assert slugs(platform="disney-plus") == {"soundtrack-1"}
    assert slugs(genre="romance") == {"soundtrack-1"}
    assert slugs(kind="series") == {"soundtrack-1", "soundtrack-2", other.slug}
    assert slugs(kind="film") == set()
    assert slugs(person="kyuhyun") == {"soundtrack-1"}  # sings on its soundtrack
    assert slugs(person=catalog["hyungsik"].slug, year=2022) == {"soundtrack-1"}
    assert slugs(tag="melodrama") == {"soundtrack-1"}


@pytest.mark.parametrize(
    ("url", "params", "expected"),
    [
        (SHOWS, {"tmdb": "tv/100001"}, {"soundtrack-1"}),
        (SHOWS, {"wikidata": "Q100001"}, {"soundtrack-1"}),
        (SHOWS, {"tmdb": "https://www.themoviedb.org/tv/100001-soundtrack-1"}, {"soundtrack-1"}),
        (SHOWS, {"tmdb": "tv/999"}, set()),
        (SHOWS, {"imdb": "tt1234567"}, set()),
        (reverse("api:person_list"), {"imdb": "nm1000001"}, {"park-hyung-sik"}),
        (reverse("api:person_list"), {"mydramalist": "people/1-x"}, set()),
    ],
)
def test_shows_and_people_are_found_by_their_ids_elsewhere(client, url, params, expected):
    make_catalog()
    assert {item["slug"] for item in get_json(client, url, params)["results"]} == expected


def test_people_songs_and_writeups_filter_by_show_person_and_more(client):
    make_catalog()

    def slugs(url, **params):
        return {item["slug"] for item in get_json(client, url, params)["results"]}

    assert slugs(reverse("api:person_list"), show="soundtrack-1") == {
        "park-hyung-sik",
        "kim-hee-won",
        "kyuhyun",
    }
    assert slugs(reverse("api:person_list"), kind="group") == {"super-junior"}
    assert slugs(reverse("api:song_list"), person="kim-hee-won") == {"love-beyond-words"}
    assert slugs(reverse("api:song_list"), show="soundtrack-2") == set()
    review = {"soundtrack-1-review"}
    assert slugs(WRITEUPS, person="park-hyung-sik") == review
    assert slugs(WRITEUPS, author="min-ji", kind="review", genre="romance") == review
    assert slugs(WRITEUPS, platform="disney-plus", year=2022) <= review
    assert slugs(WRITEUPS, kind="recap") == set()


# Bad parameters: 400 with a message, never 500 -----------------------------------------

BAD = [
    (SHOWS, {"year": "abc"}, "year"),
    (SHOWS, {"year": "9" * 40}, "year"),
    (SHOWS, {"year": "1800"}, "year"),
    (SHOWS, {"year": "2022.5"}, "year"),
    (SHOWS, {"platform": "no-such-platform"}, "platform"),
    (SHOWS, {"genre": "로맨스"}, "genre"),
    (SHOWS, {"kind": "telenovela"}, "kind"),
    (SHOWS, {"person": "x" * 5000}, "person"),
    (SHOWS, {"tag": "💔"}, "tag"),
    (SHOWS, {"tmdb": "1234"}, "tmdb"),
    (SHOWS, {"imdb": "nm1234567"}, "imdb"),
    (SHOWS, {"wikidata": "Q0" + "9" * 300}, "wikidata"),
    (SHOWS, {"mydramalist": "https://example.org/12345-x"}, "mydramalist"),
    (reverse("api:person_list"), {"tmdb": "tv/1"}, "tmdb"),
    (SHOWS, {"cursor": "garbage!"}, "cursor"),
    (SHOWS, {"cursor": cursor("p=abc")}, "cursor"),
    (SHOWS, {"cursor": cursor("p=" + "9" * 40)}, "cursor"),
    (SHOWS, {"cursor": cursor("o=-1&p=1")}, "cursor"),
    (SHOWS, {"cursor": cursor("r=x")}, "cursor"),
    (SHOWS, {"cursor": "6Zmi"}, "cursor"),
    (SHOWS, {"page_size": "0"}, "page_size"),
    (SHOWS, {"page_size": "101"}, "page_size"),
    (SHOWS, {"page_size": "ten"}, "page_size"),
    (WRITEUPS, {"cursor": cursor("p=yesterday")}, "cursor"),
    (WRITEUPS, {"show": "no-such-show"}, "show"),
    (WRITEUPS, {"author": "nobody"}, "author"),
    (WRITEUPS, {"year": "-1"}, "year"),
    (reverse("api:person_list"), {"kind": "band"}, "kind"),
    (reverse("api:song_list"), {"year": "99999"}, "year"),
    (reverse("api:search"), {"q": "kim", "type": "everything"}, "type"),
]


@pytest.mark.parametrize(("url", "params", "field"), BAD)
def test_bad_parameters_are_answered_400_naming_the_parameter(client, url, params, field):
    make_show()
    response = client.get(url, params)
    assert response.status_code == 400
    assert field in response.json()


@pytest.mark.parametrize("url", [SHOWS, reverse("api:search")])
def test_nul_bytes_are_answered_400(client, url):
    assert client.get(f"{url}?q=a%00b&year=20%0022").status_code == 400


def test_an_unknown_parameter_is_ignored(client):
    make_show()
    assert len(get_json(client, SHOWS, {"colour": "blue"})["results"]) == 1


def test_a_huge_or_hostile_search_is_answered_200(client):
    make_catalog()
    for query in ["'; DROP TABLE catalog_show; --", "박" * 5000, "\u202e\ufffd\U0001f494 kim"]:
        assert client.get(reverse("api:search"), {"q": query}).status_code == 200


# Throttling -----------------------------------------------------------------------------


@pytest.fixture
def low_rate(settings):
    settings.API_ANON_RATE = "3/minute"
    settings.PAGE_CACHE_SECONDS = 0  # every request reaches the view


def test_anonymous_clients_are_answered_429_past_the_rate(client, low_rate):
    for _ in range(3):
        assert client.get(SHOWS).status_code == 200
    refused = client.get(SHOWS)
    assert refused.status_code == 429
    assert int(refused.headers["Retry-After"]) > 0
    assert "throttled" in refused.json()["detail"].lower()
    # Another client (address) is not held back by the first.
    assert client.get(SHOWS, REMOTE_ADDR="192.0.2.7").status_code == 200


def test_throttling_lets_requests_through_while_redis_is_away(client, low_rate, settings):
    settings.CACHES = redis_servers.cache_settings(
        f"redis://127.0.0.1:{redis_servers.closed_port()}/0"
    )
    for _ in range(5):
        assert client.get(SHOWS).status_code == 200


# Conditional GET, CORS and the page cache ----------------------------------------------------


def test_an_unchanged_answer_is_304_for_its_etag_and_a_change_gives_a_new_one(client):
    show = make_show(title="Before")
    first = client.get(SHOWS)
    etag = first.headers["ETag"]
    assert client.get(SHOWS, headers={"if-none-match": etag}).status_code == 304
    show.title = "After"
    show.save()
    changed = client.get(SHOWS, headers={"if-none-match": etag})
    assert changed.status_code == 200
    assert changed.json()["results"][0]["title"] == "After"
    assert changed.headers["ETag"] != etag


def test_answers_are_cached_for_anonymous_clients_and_an_edit_retires_them(
    client, django_assert_num_queries
):
    show = make_show(title="Before")
    url = reverse("api:show_detail", args=[show.slug])
    assert client.get(url).json()["title"] == "Before"
    with django_assert_num_queries(0):
        cached = client.get(url)
    assert cached.json()["title"] == "Before"
    assert "public" in cached.headers["Cache-Control"]
    show.title = "After"
    show.save()
    assert client.get(url).json()["title"] == "After"


def test_get_answers_carry_an_open_cors_header_even_from_the_cache(client):
    make_show()
    for _ in range(2):
        response = client.get(SHOWS, headers={"origin": "https://example.org"})
        assert response.headers["Access-Control-Allow-Origin"] == "*"


def test_a_preflight_allows_only_reading_with_conditional_requests(client):
    response = client.options(
        SHOWS,
        headers={
            "origin": "https://example.org",
            "access-control-request-method": "GET",
            "access-control-request-headers": "if-none-match",
        },
    )
    assert response.status_code == 200
    allowed = {m.strip() for m in response.headers["Access-Control-Allow-Methods"].split(",")}
    assert allowed == {"GET", "HEAD", "OPTIONS"}
    assert "if-none-match" in response.headers["Access-Control-Allow-Headers"]


def test_scripts_on_other_sites_may_read_the_etag(client):
    make_show()
    response = client.get(SHOWS, headers={"origin": "https://example.org"})
    assert "ETag" in response.headers["Access-Control-Expose-Headers"]


def test_cors_is_not_opened_for_the_site_pages(client):
    response = client.get("/shows/", headers={"origin": "https://example.org"})
    assert "Access-Control-Allow-Origin" not in response.headers


def test_the_api_is_read_only(client):
    make_show(slug="a-show")
    assert client.post(SHOWS, {"title": "New"}).status_code == 405
    assert client.delete(reverse("api:show_detail", args=["a-show"])).status_code == 405


# The schema ------------------------------------------------------------------------------


def test_the_openapi_schema_is_valid_and_describes_every_endpoint(client):
    schema = yaml.safe_load(client.get(reverse("api:schema")).content)
    validate(schema)
    assert set(schema["paths"]) == {
        "/api/v1/shows/",
        "/api/v1/shows/{slug}/",
        "/api/v1/people/",
        "/api/v1/people/{slug}/",
        "/api/v1/songs/",
        "/api/v1/songs/{slug}/",
        "/api/v1/writeups/",
        "/api/v1/writeups/{slug}/",
        "/api/v1/tags/",
        "/api/v1/tags/{slug}/",
        "/api/v1/search/",
    }
    shows = schema["paths"]["/api/v1/shows/"]["get"]
    names = {parameter["name"] for parameter in shows["parameters"]}
    assert {"year", "platform", "genre", "kind", "person", "tag", "cursor"} <= names


def test_the_schema_is_also_served_as_json(client):
    response = client.get(reverse("api:schema"), {"format": "json"})
    assert response.status_code == 200
    validate(json.loads(response.content))


def test_options_without_a_preflight_describes_the_endpoint(client):
    response = client.options(SHOWS)
    assert response.status_code == 200
    assert response.headers["Allow"] == "GET, HEAD, OPTIONS"


def test_tags_are_paged_by_name_across_scripts(client):
    make_writeup(tags=["로맨스", "romance", "Zombies", "💔 heartbreak"])
    page = get_json(client, reverse("api:tag_list"), {"page_size": 3})
    rest = get_json(client, page["next"])
    names = [t["name"] for t in page["results"] + rest["results"]]
    assert sorted(names) == sorted(["로맨스", "romance", "Zombies", "💔 heartbreak"])
    assert len(set(names)) == 4 and rest["next"] is None


def test_a_search_past_its_time_limit_is_a_503_nobody_stores(client, settings, monkeypatch):
    """As on the search page: SQLite's progress handler stops the statement (the clock
    below moves a second at every look, so each statement is past its deadline)."""
    if connection.vendor != "sqlite":
        pytest.skip("the progress handler is SQLite's")
    for n in range(30):
        make_show(title=f"Soundtrack {n}")
    settings.SEARCH_TIME_LIMIT_MS = 100
    clock = iter(range(10**6))
    monkeypatch.setattr(limits.time, "monotonic", lambda: float(next(clock)))
    response = client.get(reverse("api:search"), {"q": "soundtrack"})
    assert response.status_code == 503
    assert "too long" in response.json()["detail"]
    assert "no-store" in response.headers["Cache-Control"]
    monkeypatch.undo()
    found = get_json(client, reverse("api:search"), {"q": "soundtrack"})
    assert found["results"]["shows"]["total"] == 30
