"""What the reviews page tests share: a show with its cast, a full review of it, and helpers."""

from datetime import timedelta
from itertools import pairwise

from django.utils import timezone

from catalog.models import Credit

from .factories import (
    make_author,
    make_credit,
    make_network,
    make_outlet,
    make_person,
    make_show,
    make_writeup,
)
from .html_tree import parse_html


def days_ago(days):
    return timezone.now() - timedelta(days=days)


def get_page(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, response.content[:500]
    return response, parse_html(response.content)


def card_titles(page):
    """The titles of the write-up cards in the page's main content, in order."""
    return [h.text for h in page.find("main").find_all("h2", class_="writeup-card__title")]


def assert_headings_in_order(page):
    headings = page.headings()
    assert [level for level, _ in headings].count(1) == 1, headings
    assert headings[0][0] == 1, headings
    for (before, _), (after, text) in pairwise(headings):
        assert after <= before + 1, f"h{before} is followed by h{after} ({text})"


def make_soundtrack():
    """Soundtrack #1 with its two leads and a supporting part."""
    show = make_show(
        title="Soundtrack #1",
        slug="soundtrack-1",
        native_title="사운드트랙#1",
        year=2022,
        network=make_network(name="Disney+"),
    )
    make_credit(
        show=show,
        person=make_person(name="Park Hyung-sik", slug="park-hyung-sik"),
        character_name="Han Seon-woo",
        order=1,
    )
    make_credit(
        show=show,
        person=make_person(name="Han So-hee", slug="han-so-hee"),
        character_name="Lee Eun-soo",
        order=2,
    )
    make_credit(
        show=show,
        person=make_person(name="Supporting Actor"),
        billing=Credit.Billing.SUPPORTING,
        character_name="Friend",
    )
    return show


def make_review(soundtrack):
    """A full review of ``soundtrack``: two authors, an outlet, verdicts, tags and scores."""
    return make_writeup(
        title="Soundtrack #1 is a warm duet",
        slug="soundtrack-1-review",
        standfirst="Four episodes, one friendship, a lot of songs.",
        show=soundtrack,
        authors=[make_author(name="Min Ji", slug="min-ji"), make_author(name="Ana", slug="ana")],
        outlet=make_outlet(name="Drama Notes"),
        original_url="https://dramanotes.example/soundtrack",
        published_at=days_ago(10),
        has_spoilers=True,
        verdict_watch="You like slow-burn friendships.",
        verdict_skip="You need a villain.",
        body="## The songs\n\nEvery song <em>lands</em>.\n\n### The leads\n\n" + "word " * 900,
        tags=["romance", "music", "friends-to-lovers"],
        scores=[("Oppa", "4.9", "5"), ("Noona", "4.8", "5")],
    )
