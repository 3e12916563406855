"""Search has a floor and a ceiling: queries too short to be selective are answered at once
with a message saying what was left out, name matches are ranked among a bounded set, and a
statement that runs past SEARCH_TIME_LIMIT_MS is stopped and answered with a clear message
(503, never a hang or a 500), on SQLite and on PostgreSQL.
"""

import logging

import pytest
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext

from reviews_site.search import limits
from reviews_site.search import results as search_results
from tests.factories import make_person, make_show, make_writeup
from tests.html_tree import parse_html
from tests.test_search import results, search

TOO_LONG = "This search took too long and was stopped. Try more specific words"


def notes(response):
    boxes = parse_html(response.content).find_all("div", role="status")
    return " ".join(box.text for box in boxes)


# The floor ---------------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["a", "n", "oo", "ee", "x"])
def test_a_query_below_every_floor_runs_no_query_and_says_why(
    client, django_assert_num_queries, query
):
    make_person(name="Oona Ahn")
    make_writeup(title="A night in Seoul", body="a n x")

    with django_assert_num_queries(0):
        response = search(client, query)

    assert response.status_code == 200
    assert results(response) == {}
    said = notes(response)
    assert "Names were not searched" in said
    assert "Type at least 2 letters" in said
    assert "Write-ups were not searched: words need at least 3 letters" in said


@pytest.mark.django_db
def test_a_short_number_beside_longer_words_narrows_the_write_ups(client):
    """Too short for the full-text index, "2" still picks episode 2's recap, not episode 3's."""
    show = make_show(title="Soundtrack #1")
    make_writeup(show=show, title="Soundtrack #1 episode 2 recap", slug="recap-2")
    make_writeup(show=show, title="Soundtrack #1 episode 3 recap", slug="recap-3")

    response = search(client, "episode 2 recap")

    assert results(response)["writeups"] == ["Soundtrack #1 episode 2 recap"]
    assert "without" not in notes(response)


@pytest.mark.django_db
def test_two_letters_find_names_that_start_with_them_and_say_so(client):
    make_person(name="IU")
    make_person(name="Iu Na-ra")
    make_person(name="Kim Jiu")  # "iu" inside a name only: needs a third letter

    response = search(client, "IU")

    assert results(response)["people"] == ["IU", "Iu Na-ra"]
    assert "Only names that start with these letters were searched" in notes(response)
    assert "Write-ups were not searched" in notes(response)


@pytest.mark.django_db
def test_short_words_are_left_out_of_the_write_up_search_and_named(client):
    show = make_show()
    make_writeup(title="Why we love it", body="It is a love story.", show=show)

    response = search(client, "a love it")

    assert results(response)["writeups"] == ["Why we love it"]
    assert "Write-ups were searched without “a”, “it”: words need at least 3 letters" in (
        notes(response)
    )


@pytest.mark.django_db
def test_a_hangul_word_of_two_syllables_is_searched(client):
    make_writeup(title="사랑의 불시착 다시 보기", body="사랑 이야기.")

    response = search(client, "사랑")

    assert results(response)["writeups"] == ["사랑의 불시착 다시 보기"]
    assert "Write-ups were" not in notes(response)


@pytest.mark.django_db
def test_an_ordinary_query_gets_no_note(client):
    make_person(name="Park Hyung-sik")

    response = search(client, "Hyungsik")

    assert results(response)["people"] == ["Park Hyung-sik"]
    assert notes(response) == ""


@pytest.mark.django_db
def test_a_hangul_syllable_counts_as_two_letters_for_names(client):
    make_person(name="Kim Min-jun", native_name="김민준")
    make_person(name="Park Kim-bo", native_name="박김보")

    response = search(client, "김")

    assert results(response)["people"] == ["Kim Min-jun"]
    assert "Only names that start with these letters were searched" in notes(response)


# The bounded set of name matches ----------------------------------------------------------------


@pytest.mark.django_db
def test_past_the_cap_the_exact_name_still_ranks_first_and_the_count_says_so(client, monkeypatch):
    """The names that start with the key are gathered apart from those that hold it
    anywhere, so the best match is never cut by the bound."""
    monkeypatch.setattr(search_results, "MAX_NAME_MATCHES", 3)
    for n in range(6):
        make_person(name=f"Park Minjun-{n}")  # "minjun" inside the name only
    make_person(name="Minjun")  # the exact name, added last

    response = search(client, "Minjun")

    assert results(response)["people"][0] == "Minjun"
    heading = parse_html(response.content).find("section", aria_labelledby="results-people")
    assert heading.find("h2").text == "People (3+)"


# The time limit ----------------------------------------------------------------------------------


def assert_stopped_calmly(response, caplog):
    assert response.status_code == 503
    assert TOO_LONG in parse_html(response.content).find("div", role="alert").text
    assert "no-store" in response["Cache-Control"]
    assert any(
        record.name == "reviews_site.search" and "stopped" in record.getMessage()
        for record in caplog.records
    )


@pytest.mark.django_db
def test_sqlite_interrupts_a_statement_past_its_deadline(client, settings, monkeypatch, caplog):
    """The progress handler stops the statement itself: the clock below moves a second at
    every look, so each statement is past its deadline at the handler's first call."""
    if connection.vendor != "sqlite":
        pytest.skip("the progress handler is SQLite's")
    for n in range(30):
        make_person(name=f"Choi Min-{n}")
    settings.SEARCH_TIME_LIMIT_MS = 100
    clock = iter(range(10**6))
    monkeypatch.setattr(limits.time, "monotonic", lambda: float(next(clock)))

    with caplog.at_level(logging.WARNING, logger="reviews_site.search"):
        response = search(client, "choi min")

    assert_stopped_calmly(response, caplog)
    monkeypatch.undo()
    assert results(search(client, "choi min"))["people"], "the connection is fine afterwards"


@pytest.mark.django_db(transaction=True)
def test_postgresql_cancels_a_statement_past_statement_timeout(client, settings, caplog):
    """Another session holds a lock on the people table (a migration would), so the search
    waits on it until statement_timeout cancels the statement."""
    if connection.vendor != "postgresql":
        pytest.skip("statement_timeout is PostgreSQL's")
    make_person(name="Choi Min-ho")
    settings.SEARCH_TIME_LIMIT_MS = 200
    locker = connections.create_connection("default")
    with connection.cursor() as cursor:  # a backstop: fail, not hang, if the limit is missing
        cursor.execute("SET lock_timeout = 5000")
    try:
        locker.set_autocommit(False)
        with locker.cursor() as cursor:
            cursor.execute("LOCK TABLE catalog_person IN ACCESS EXCLUSIVE MODE")
        with caplog.at_level(logging.WARNING, logger="reviews_site.search"):
            overview = search(client, "choi min")
            one_kind = search(client, "choi min", type="people")
    finally:
        locker.rollback()
        locker.close()
        with connection.cursor() as cursor:
            cursor.execute("RESET lock_timeout")

    assert_stopped_calmly(overview, caplog)
    assert_stopped_calmly(one_kind, caplog)
    assert results(search(client, "choi min"))["people"] == ["Choi Min-ho"]


@pytest.mark.django_db
def test_the_limit_is_set_for_the_search_only(client, settings):
    """On PostgreSQL one SET LOCAL inside the search's transaction; on SQLite no statement."""
    settings.SEARCH_TIME_LIMIT_MS = 250
    make_person(name="Choi Min-ho")

    with CaptureQueriesContext(connection) as queries:
        search(client, "choi min")

    limit_statements = [q["sql"] for q in queries if "statement_timeout" in q["sql"]]
    expected = ["SET LOCAL statement_timeout = 250"] if connection.vendor == "postgresql" else []
    assert limit_statements == expected
