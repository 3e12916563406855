"""The search page: names found however they are spelled, write-ups by their words,
only what readers may see, best match first, and no query string that can break it.

The catalog below uses the names of the real fixtures. Everything goes through
the page a reader gets, on whichever database the suite runs on.
"""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.db import connection
from django.urls import reverse

from tests.factories import (
    make_author,
    make_credit,
    make_draft,
    make_person,
    make_scheduled,
    make_show,
    make_song,
    make_writeup,
)
from tests.html_tree import parse_html

SEARCH = reverse("reviews:search")

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalog():
    hyungsik = make_person(
        name="Park Hyung-sik", native_name="박형식", alternative_names=["Park Hyung Sik"]
    )
    sohee = make_person(name="Han So-hee", native_name="한소희")
    joohun = make_person(name="Kim Joo-hun", alternative_names=["Kim Joo-heon"])
    make_person(name="Yoon Byung-hee", native_name="윤병희")
    kyuhyun = make_person(name="Kyuhyun", native_name="규현")
    show = make_show(
        title="Soundtrack #1",
        slug="soundtrack-1",
        native_title="사운드트랙#1",
        alternative_titles=["Why Did You Come To My House?"],
    )
    make_credit(
        show=show,
        person=hyungsik,
        character_name="Han Seon-woo",
        character_aliases="Han Sun-woo; Seon Woo",
    )
    make_credit(show=show, person=sohee, character_name="Lee Eun-soo")
    make_credit(
        show=show, person=joohun, character_name="Dong-hyeon", character_aliases="Dong-hyun"
    )
    make_song(title="Love Beyond Words", slug="love-beyond-words", show=show, performers=[kyuhyun])
    review = make_writeup(
        title="Soundtrack #1 turns friendship into a slow-burn romance",
        slug="soundtrack-1-review",
        standfirst="Four episodes, one apartment and a songwriter who cannot say it.",
        body="The *chemistry* between the leads carries every unhurried scene.",
        show=show,
        authors=[make_author(name="Min Ji")],
        tags=["friends to lovers", "melodrama"],
    )
    make_draft(title="Secret draft about Soundtrack #1", body="Unhurried draft.", show=show)
    make_scheduled(title="Scheduled Soundtrack #1 piece", body="Unhurried future.", show=show)
    return {"show": show, "review": review, "hyungsik": hyungsik}


def search(client, query=None, **params):
    if query is not None:
        params["q"] = query
    return client.get(SEARCH, params)


def results(response):
    """The result headings of each group on the page: {"people": ["Park Hyung-sik"], ...}."""
    tree = parse_html(response.content)
    return {
        section.attrs["aria-labelledby"].removeprefix("results-"): [
            heading.text for heading in section.find_all("h3")
        ]
        for section in tree.find_all("section", class_="search-results")
    }


# Names, however they are spelled -----------------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    [
        "Hyungsik",
        "hyung sik",
        "Hyeong-sik",
        "PARK HYUNG-SIK",
        "Park Hyung Sik",
        "Hyung-shik",
        "박형식",
    ],
)
def test_person_is_found_by_every_spelling_and_by_hangul(client, catalog, query):
    assert "Park Hyung-sik" in results(search(client, query))["people"]


@pytest.mark.parametrize("query", ["Joo-heon", "Ju Hun", "kim joo hun", "Kim Ju-heon"])
def test_alternative_name_spellings_find_the_person(client, catalog, query):
    assert results(search(client, query))["people"] == ["Kim Joo-hun"]


@pytest.mark.parametrize(
    ("query", "name"),
    [("Han Sohee", "Han So-hee"), ("한소희", "Han So-hee"), ("Yun Byung-hi", "Yoon Byung-hee")],
)
def test_vowel_spellings_and_hangul_find_other_people(client, catalog, query, name):
    assert results(search(client, query))["people"] == [name]


@pytest.mark.parametrize("query", ["Sun-woo", "Seonwoo", "seon woo", "Han Seon-woo"])
def test_character_is_found_by_every_spelling_with_actor_and_show(client, catalog, query):
    response = search(client, query)

    assert results(response)["characters"] == ["Han Seon-woo"]
    item = parse_html(response.content).find("section", aria_labelledby="results-characters")
    assert "played by Park Hyung-sik in Soundtrack #1" in item.text
    show_url = catalog["show"].get_absolute_url()
    assert (f"{show_url}#cast", "Han Seon-woo") in item.links()
    assert (catalog["hyungsik"].get_absolute_url(), "Park Hyung-sik") in item.links()


def test_character_alias_spelling_finds_the_character(client, catalog):
    assert results(search(client, "Dong-hyun"))["characters"] == ["Dong-hyeon"]


@pytest.mark.parametrize(
    "query",
    ["Soundtrack No. 1", "soundtrack #1", "SOUNDTRACK 1", "사운드트랙", "사운드트랙#1",
     "why did you come to my house"],
)  # fmt: skip
def test_show_is_found_by_number_spellings_hangul_and_working_title(client, catalog, query):
    assert results(search(client, query))["shows"] == ["Soundtrack #1"]


def test_song_is_found_with_its_singer_and_show(client, catalog):
    response = search(client, "love beyond")

    assert results(response)["songs"] == ["Love Beyond Words"]
    section = parse_html(response.content).find("section", aria_labelledby="results-songs")
    assert "by Kyuhyun" in section.text
    assert "Soundtrack #1 OST" in section.text


# Write-ups ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    ["slow-burn romance", "songwriter", "chemistry", "unhurried", "melodrama", "friends to lovers",
     "FRIENDSHIP"],
)  # fmt: skip
def test_writeup_is_found_by_title_standfirst_body_and_tag(client, catalog, query):
    assert results(search(client, query))["writeups"] == [catalog["review"].title]


def test_writeup_result_shows_kind_show_and_byline(client, catalog):
    section = parse_html(search(client, "chemistry").content).find(
        "section", aria_labelledby="results-writeups"
    )
    assert (catalog["review"].get_absolute_url(), catalog["review"].title) in section.links()
    assert "Review on Soundtrack #1 by Min Ji" in section.text


@pytest.mark.parametrize("params", [{}, {"type": "writeups"}])
def test_drafts_and_scheduled_pieces_never_appear(client, catalog, params):
    """The draft and the scheduled piece share every word searched here with the review."""
    for query in ["unhurried", "Soundtrack", "secret draft", "scheduled"]:
        found = results(search(client, query, **params)).get("writeups", [])
        assert found == ([catalog["review"].title] if query in {"unhurried", "Soundtrack"} else [])


def test_writeup_with_the_word_in_its_title_ranks_first(client, db):
    show = make_show()
    make_writeup(title="A quiet week", body="Nothing but melodrama, melodrama.", show=show)
    make_writeup(title="Why melodrama works", body="On the form.", show=show)

    assert results(search(client, "melodrama"))["writeups"] == [
        "Why melodrama works",
        "A quiet week",
    ]


# Ranking and paging -------------------------------------------------------------------------------


def test_exact_name_comes_first_then_prefix_then_anywhere(client, db):
    for name in ["Ahn Lee-joon", "Lee Joon-gi", "Lee Joon", "Baek Lee Joon-ho"]:
        make_person(name=name)

    assert results(search(client, "lee joon"))["people"] == [
        "Lee Joon",
        "Lee Joon-gi",
        "Ahn Lee-joon",
        "Baek Lee Joon-ho",
    ]


def test_overview_shows_the_top_five_and_links_to_every_match(client, db):
    for n in range(7):
        make_person(name=f"Choi Min-{n}")

    response = search(client, "choi min")

    assert len(results(response)["people"]) == 5
    more = [
        href for href, text in parse_html(response.content).links() if text == "More people (7)"
    ]
    assert parse_qs(urlsplit(more[0]).query) == {"q": ["choi min"], "type": ["people"]}
    assert results(client.get(more[0]))["people"] == [f"Choi Min-{n}" for n in range(7)]


def test_one_kind_pages_twenty_results_at_a_time(client, db):
    for n in range(23):
        make_person(name=f"Choi Min-{n:02}")

    first = search(client, "choi min", type="people")
    second = search(client, "choi min", type="people", page="2")

    assert results(first)["people"] == [f"Choi Min-{n:02}" for n in range(20)]
    assert results(second)["people"] == [f"Choi Min-{n:02}" for n in range(20, 23)]
    assert second.context["page_obj"].paginator.num_pages == 2


# The page itself ---------------------------------------------------------------------------------


def test_result_page_is_not_indexed_and_keeps_the_query_in_its_one_search_box(client, catalog):
    tree = parse_html(search(client, "Hyungsik").content)

    assert tree.find("meta", name="robots").attrs["content"] == "noindex"
    assert [
        form.find("input", name="q").attrs["value"] for form in tree.find_all("form", role="search")
    ] == ["Hyungsik"]
    assert [level for level, _ in tree.headings()][:2] == [1, 2]
    assert tree.find("h1").text == "Results for “Hyungsik”"


def test_empty_query_is_a_friendly_page_without_results_or_queries(
    client, catalog, django_assert_num_queries
):
    with django_assert_num_queries(0):
        response = search(client, "")

    assert response.status_code == 200
    assert results(response) == {}
    assert "Type the name of a show" in response.content.decode()


def test_query_without_matches_says_so(client, catalog):
    response = search(client, "zzqx")

    assert response.status_code == 200
    assert results(response) == {}
    assert "Nothing matched “zzqx”." in parse_html(response.content).text


# Query strings that must not break anything -----------------------------------------------------

BAD_QUERY_STRINGS = [
    "q=" + "x" * 10_000,
    "q=" + "Hyungsik " * 2_000,
    "q=%01%02%1b%5b31m%7f%c2%85",
    "q=%ff%fe%fd",
    "q=%ED%A0%80%ED%B0%80",  # a surrogate pair, encoded one half at a time
    "q=%e2%80%8b%e2%80%ae",  # zero-width space, right-to-left override
    "q=%22unbalanced",
    "q=NEAR%28a+b%29+OR+title%3Ax*",
    "q=%27%3A*%26%7C%21%28%29%5C",
    "q=a&q=b&q=c",
    "q=%F0%9F%92%95%F0%9F%8E%B5",
    "q=Soundtrack&page=abc",
]


@pytest.mark.parametrize("query_string", BAD_QUERY_STRINGS)
def test_bad_query_strings_are_answered_calmly(client, catalog, query_string):
    response = client.get(f"{SEARCH}?{query_string}")

    assert response.status_code == 200
    value = parse_html(response.content).find("input", id="search-q").attrs["value"]
    assert len(value) <= 200
    assert not any(ord(char) < 32 or 0xD800 <= ord(char) <= 0xDFFF for char in value)


@pytest.mark.parametrize("query_string", BAD_QUERY_STRINGS)
def test_bad_query_strings_on_one_kind_pages_are_answered_calmly(client, catalog, query_string):
    query_string = query_string.replace("&page=abc", "")
    for kind in ["shows", "people", "characters", "songs", "writeups"]:
        assert client.get(f"{SEARCH}?{query_string}&type={kind}").status_code == 200


def test_unknown_result_type_is_a_clear_400(client, catalog):
    response = search(client, "Hyungsik", type="nonsense")

    assert response.status_code == 400
    assert "There is no such kind of result" in parse_html(response.content).find(role="alert").text


@pytest.mark.parametrize("page", ["abc", "0", "-1", "2", str(10**20), "1.5"])
def test_pages_that_do_not_exist_are_404(client, catalog, page):
    assert search(client, "Soundtrack", type="shows", page=page).status_code == 404


def test_nul_byte_is_a_400_not_a_500(client, catalog):
    assert client.get(f"{SEARCH}?q=Soundtrack%00").status_code == 400


# Query counts ------------------------------------------------------------------------------------


def build_matches(size):
    """``size`` matches of every kind for "Choi", with performers and bylines to prefetch."""
    author = make_author()
    for n in range(size):
        person = make_person(name=f"Choi Woo-{n}")
        show = make_show(title=f"Choi's Garden {n}")
        make_credit(show=show, person=person, character_name=f"Choi Da-{n}")
        make_song(title=f"Choi Song {n}", show=show, performers=[person, make_person()])
        make_writeup(title=f"Choi review {n}", show=show, authors=[author, make_author()])
        make_draft(title=f"Choi draft {n}", show=show)


def time_limit_statements():
    """PostgreSQL's search sets its time limit with one statement (reviews_site.search.limits)."""
    return 1 if connection.vendor == "postgresql" else 0


@pytest.mark.parametrize("size", [2, 30])
def test_overview_runs_seven_queries(client, django_assert_num_queries, size):
    """One per kind, plus song performers and write-up bylines: no query per result (N+1)."""
    build_matches(size)
    with django_assert_num_queries(7 + time_limit_statements()):
        response = search(client, "choi")
    assert all(len(found) == min(size, 5) for found in results(response).values())


@pytest.mark.parametrize("size", [2, 30])
@pytest.mark.parametrize(("kind", "queries"), [("shows", 2), ("songs", 3), ("writeups", 3)])
def test_one_kind_page_runs_a_count_a_page_and_its_prefetch(
    client, django_assert_num_queries, size, kind, queries
):
    build_matches(size)
    with django_assert_num_queries(queries + time_limit_statements()):
        response = search(client, "choi", type=kind)
    assert len(results(response)[kind]) == min(size, 20)
