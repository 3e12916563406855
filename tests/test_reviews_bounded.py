"""The home page's sidebar and a write-up's "Related" list read a bounded slice of the
archive, so that they cost the same however many write-ups there are.

The bounds are large in the site (docs/performance.md); the tests shrink them so
that a handful of pieces crosses them.
"""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from reviews import views
from reviews_site import views as site_views

from .factories import make_draft, make_scheduled, make_show, make_writeup
from .html_tree import parse_html
from .reviews_pages import card_titles

pytestmark = pytest.mark.django_db


def days_ago(days):
    return timezone.now() - timedelta(days=days)


def home(client):
    return parse_html(client.get(reverse("home")).content)


def test_popular_tags_are_counted_over_the_latest_pieces_only(client, monkeypatch):
    monkeypatch.setattr(site_views, "HOME_WINDOW", 3)
    for days in (40, 41, 42, 43):
        make_writeup(tags=["melodrama"], published_at=days_ago(days))
    make_writeup(tags=["romance", "music"], published_at=days_ago(1))
    make_writeup(tags=["romance"], published_at=days_ago(2))
    make_writeup(tags=["music"], published_at=days_ago(3))
    make_draft(tags=["romance", "unpublished"])
    make_scheduled(tags=["romance", "unpublished"])

    section = home(client).find("section", aria_labelledby="tags-heading")

    assert section.find("h2").text == "Popular tags lately"
    assert section.links() == [
        ("/tags/music/", "music 2 write-ups"),
        ("/tags/romance/", "romance 2 write-ups"),
    ], "the older melodrama pieces outnumber them but are outside the window"


def test_top_rated_shows_are_the_shows_written_about_lately(client, monkeypatch):
    monkeypatch.setattr(site_views, "HOME_WINDOW", 2)
    classic, recent, other = (make_show(title=title) for title in ("Classic", "Recent", "Other"))
    make_writeup(show=classic, scores=[("Story", 10, 10)], published_at=days_ago(30))
    make_writeup(show=recent, scores=[("Story", 8, 10)], published_at=days_ago(20))
    make_writeup(show=recent, title="Unrated recap", published_at=days_ago(1))
    make_writeup(show=other, scores=[("Story", 6, 10)], published_at=days_ago(2))

    section = home(client).find("section", aria_labelledby="top-shows-heading")

    assert section.find("h2").text == "Top-rated shows lately"
    assert [li.text for li in section.find("ol").find_all("li")] == [
        "Recent (2022) Rated 8.0 / 10 derived from 1 scored write-up",
        "Other (2022) Rated 6.0 / 10 derived from 1 scored write-up",
    ], "each with its whole rating; the classic, not written about lately, is left out"


def related_titles(client, writeup):
    page = parse_html(client.get(writeup.get_absolute_url()).content)
    section = page.find("section", aria_labelledby="related-heading")
    return [link.text for link in section.find("ul").find_all("a")] if section else []


def test_related_ranks_only_the_newest_pieces_under_each_tag(client, monkeypatch, settings):
    settings.PAGE_CACHE_SECONDS = 0  # the same page is asked for twice
    target = make_writeup(tags=["music", "romance"])
    early = make_writeup(title="Added first, shares both", tags=["music", "romance"])
    make_writeup(title="Newest under music", tags=["music"])
    make_writeup(title="Newest under romance", tags=["romance"])

    assert related_titles(client, target)[0] == early.title

    monkeypatch.setattr(views, "RELATED_PER_TAG", 1)

    assert sorted(related_titles(client, target)) == ["Newest under music", "Newest under romance"]


@pytest.mark.parametrize(
    ("url", "order"),
    [("/tags/long/", "newest"), ("/reviews/?sort=rating", "rating"), ("/reviews/", "newest")],
)
def test_pages_cut_on_keys_list_every_piece_once_in_order(client, url, order):
    """Pages are ordered and cut on the keys, then loaded (reviews_site.pagination): together
    they hold every published piece once, in the page's order, across page boundaries."""
    pieces = [
        make_writeup(
            title=f"Piece {n:02}",
            tags=["long"],
            scores=[("Story", (n * 7) % 11, 10)] if n % 3 else [],
            published_at=days_ago(n + 1),
        )
        for n in range(45)
    ]
    make_draft(title="Draft", tags=["long"])
    if order == "newest":
        expected = [piece.title for piece in pieces]
    else:
        expected = [
            piece.title
            for piece in sorted(
                pieces,
                key=lambda p: (p.rating is None, -(p.rating or 0), -p.published_at.timestamp()),
            )
        ]
    joiner = "&" if "?" in url else "?"

    listed = [
        title
        for n in (1, 2, 3)
        for title in card_titles(parse_html(client.get(f"{url}{joiner}page={n}").content))
    ]

    assert listed == expected
