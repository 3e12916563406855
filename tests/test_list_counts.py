"""List pages count their rows only so far: a long list says "1,000+", and still pages on.

The limit is 1,000 rows in the site (reviews_site.pagination); the tests lower it
so that a few dozen rows cross it.
"""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from reviews_site.pagination import ListPaginator

from .factories import make_draft, make_show, make_writeup
from .html_tree import parse_html

pytestmark = pytest.mark.django_db


@pytest.fixture
def count_limit(monkeypatch):
    monkeypatch.setattr(ListPaginator, "count_limit", 25)
    return 25


@pytest.fixture
def pieces():
    now = timezone.now()
    made = [
        make_writeup(
            title=f"Piece {n:02}", tags=["long"], published_at=now - timedelta(hours=n + 1)
        )
        for n in range(45)
    ]
    make_draft(title="Draft", tags=["long"])
    return made


def count_line(page):
    return page.find("p", class_="meta").text


def pager(page):
    return page.find("nav", aria_label="Pages")


@pytest.mark.parametrize("url", ["/reviews/", "/tags/long/"])
def test_a_list_longer_than_the_limit_says_so_and_pages_on_to_its_end(
    client, count_limit, pieces, url
):
    first = parse_html(client.get(url).content)
    second = parse_html(client.get(f"{url}?page=2").content)
    third = parse_html(client.get(f"{url}?page=3").content)

    assert count_line(first).startswith("25+ write-ups, page 1 of 2+")
    assert pager(first).find("a", rel="next").attrs["href"] == "?page=2"
    # Page 2 counts far enough to know that page 3 exists.
    assert count_line(second).startswith("40+ write-ups, page 2 of 3+")
    assert "Page 2 of 3+" in pager(second).text
    assert pager(second).find("a", rel="next").attrs["href"] == "?page=3"
    # The last page has counted every row: the count is exact again.
    assert count_line(third).startswith("45 write-ups, page 3 of 3")
    assert pager(third).find_all("a", rel="next") == []
    assert client.get(f"{url}?page=4").status_code == 404


def test_a_list_within_the_limit_gives_the_exact_count(client, count_limit, pieces):
    for _ in range(3):
        make_writeup(kind="feature")

    page = parse_html(client.get("/reviews/?kind=feature").content)

    assert count_line(page) == "3 write-ups."


def test_the_count_reads_no_further_than_the_limit(client, count_limit, pieces):
    with CaptureQueriesContext(connection) as queries:
        client.get("/reviews/")

    (count,) = [query["sql"] for query in queries if "COUNT(" in query["sql"].upper()]
    assert "LIMIT 26" in count, "one row past the limit tells whether the list goes on"
    assert "ORDER BY" not in count, "which rows are counted does not matter"


def test_a_page_far_past_the_limit_counts_to_its_own_rows(client, count_limit, pieces):
    """Page 3 of 20 is past 25 rows: it is found, not answered 404 as past the count."""
    page = parse_html(client.get("/reviews/?page=3").content)

    assert [title.text for title in page.find_all("h2", class_="writeup-card__title")][:1] == [
        "Piece 40"
    ]


def test_the_show_list_counts_the_same_way(client, monkeypatch):
    monkeypatch.setattr(ListPaginator, "count_limit", 10)
    for n in range(30):
        make_show(title=f"Show {n:02}", slug=f"show-{n:02}")

    first = parse_html(client.get("/shows/").content)
    second = parse_html(client.get("/shows/?page=2").content)

    assert first.find("p", class_="result-count").text == "24+ shows."
    assert second.find("p", class_="result-count").text == "30 shows."
