"""PostgreSQL's own search paths: weighted full-text ranking, English stemming,
prefixes, and pg_trgm near misses below the folded matches.

Skipped on any other database (decided when the tests run, by the fixture below).
"""

import pytest
from django.db import connection

from tests.factories import make_person, make_show, make_writeup
from tests.test_search import BAD_QUERY_STRINGS, SEARCH, catalog, results, search  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


@pytest.fixture(autouse=True)
def _postgresql_only(db):
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL search paths need PostgreSQL")


def found(client, query):
    return results(search(client, query)).get("writeups", [])


def test_title_outranks_a_body_full_of_the_word(client):
    show = make_show()
    make_writeup(title="Episode notes", body="Revenge, revenge, revenge and revenge.", show=show)
    make_writeup(title="A revenge drama done right", body="On pacing.", show=show)

    assert found(client, "revenge") == ["A revenge drama done right", "Episode notes"]


@pytest.mark.parametrize(("query", "text"), [("dramas", "drama"), ("loved", "loving")])
def test_english_stemming_matches_other_forms_of_a_word(client, query, text):
    make_writeup(title="Piece", body=f"A {text} story.")

    assert found(client, query) == ["Piece"]


def test_every_word_is_a_prefix_so_korean_particles_do_not_hide_a_word(client):
    make_writeup(title="사운드트랙은 좋다", body="노래가 좋다.")

    assert found(client, "사운드트랙") == ["사운드트랙은 좋다"]


def test_a_query_of_stop_words_finds_nothing_calmly(client):
    make_writeup(title="The end of the affair")

    response = search(client, "the of and")

    assert response.status_code == 200
    assert results(response).get("writeups") is None


def test_trigram_extension_and_name_indexes_are_installed():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE indexname LIKE %s", ["%_search_trgm"]
        )
        indexes = {row[0] for row in cursor.fetchall()}

    assert indexes == {
        f"catalog_{table}_search_trgm" for table in ["show", "person", "credit", "song"]
    }


def test_typo_is_found_by_trigram_similarity_after_every_folded_match(client):
    make_person(name="Park Hyung-sik")
    make_person(name="Lee Hyungsick")
    make_person(name="Kim Ji-won")

    assert results(search(client, "Hyungsick"))["people"] == ["Lee Hyungsick", "Park Hyung-sik"]
    make_show(title="Soundtrack #1")
    assert results(search(client, "Soundtrak"))["shows"] == ["Soundtrack #1"]


TSQUERY_SYNTAX = ["q=%27", "q=%5C%27", "q=a%3A*B", "q=%21%21a", "q=a+%26+%7C+b", "q=%3C-%3E"]


@pytest.mark.parametrize("query_string", BAD_QUERY_STRINGS + TSQUERY_SYNTAX)
def test_bad_query_strings_are_answered_calmly(client, catalog, query_string):  # noqa: F811
    for kind in ["", "&type=writeups", "&type=people"]:
        response = client.get(f"{SEARCH}?{query_string.replace('&page=abc', '')}{kind}")
        assert response.status_code == 200
