"""Atom feeds: well-formed, exactly the published write-ups, and a fixed query count."""

import html
import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from reviews.feeds import FEED_SIZE
from tests.factories import (
    kept_for_module,
    make_author,
    make_draft,
    make_scheduled,
    make_show,
    make_writeup,
)
from tests.html_tree import parse_html

ATOM = "{http://www.w3.org/2005/Atom}"

pytestmark = pytest.mark.django_db


def parse_feed(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    assert root.tag == f"{ATOM}feed"
    return root


def entry_titles(root):
    return [entry.findtext(f"{ATOM}title") for entry in root.iter(f"{ATOM}entry")]


@pytest.fixture
def site():
    show = make_show(title="Soundtrack #1", slug="soundtrack-1")
    other = make_show(title="Doona!", slug="doona")
    now = timezone.now()
    review = make_writeup(
        title="Soundtrack #1, reviewed",
        standfirst="Four episodes & <one> apartment.",
        show=show,
        authors=[make_author(name="Min Ji"), make_author(name="Joon")],
        tags=["romance", "slow burn"],
        published_at=now - timedelta(days=2),
    )
    recap = make_writeup(
        title="Doona! episode 1", body="**Doona** returns.", show=other, tags=["romance"],
        published_at=now - timedelta(days=1),
    )  # fmt: skip
    for piece in (make_draft, make_scheduled):
        piece(title=f"Hidden {piece.__name__}", show=show, tags=["romance", "draft-only"])
    return {"show": show, "review": review, "recap": recap}


def test_latest_feed_is_atom_with_exactly_the_published_writeups(client, site):
    root = parse_feed(client.get(reverse("reviews:feed_latest")))

    assert root.findtext(f"{ATOM}title") == "Second Lead: latest write-ups"
    assert entry_titles(root) == ["Doona! episode 1", "Soundtrack #1, reviewed"]


def test_entry_carries_link_summary_dates_authors_and_tags(client, site):
    root = parse_feed(client.get(reverse("reviews:feed_latest")))
    review = site["review"]
    entry = next(e for e in root.iter(f"{ATOM}entry") if e.findtext(f"{ATOM}title") == review.title)

    assert entry.find(f"{ATOM}link").get("href") == f"http://testserver{review.get_absolute_url()}"
    assert html.unescape(entry.findtext(f"{ATOM}summary")) == review.standfirst
    assert parse_datetime(entry.findtext(f"{ATOM}published")) == review.published_at
    assert parse_datetime(entry.findtext(f"{ATOM}updated")) == review.updated_at
    assert entry.findtext(f"{ATOM}author/{ATOM}name") == "Min Ji, Joon"
    assert [c.get("term") for c in entry.iter(f"{ATOM}category")] == ["romance", "slow burn"]


def test_entry_without_standfirst_summarises_the_body_as_text(client, site):
    root = parse_feed(client.get(reverse("reviews:feed_latest")))
    entry = next(root.iter(f"{ATOM}entry"))

    assert entry.findtext(f"{ATOM}summary") == "Doona returns."


def test_tag_feed_lists_only_published_writeups_with_the_tag(client, site):
    root = parse_feed(client.get(reverse("reviews:feed_tag", kwargs={"slug": "slow-burn"})))

    assert root.findtext(f"{ATOM}title") == "Second Lead: write-ups tagged slow burn"
    assert entry_titles(root) == ["Soundtrack #1, reviewed"]
    romance = parse_feed(client.get(reverse("reviews:feed_tag", kwargs={"slug": "romance"})))
    assert entry_titles(romance) == ["Doona! episode 1", "Soundtrack #1, reviewed"]


@pytest.mark.parametrize("slug", ["no-such-tag", "draft-only"])
def test_tag_feed_is_404_for_an_unknown_tag_or_one_only_on_hidden_pieces(client, site, slug):
    assert client.get(reverse("reviews:feed_tag", kwargs={"slug": slug})).status_code == 404


def test_show_feed_lists_only_published_writeups_on_the_show(client, site):
    url = reverse("reviews:feed_show", kwargs={"slug": "soundtrack-1"})
    root = parse_feed(client.get(url))

    assert root.findtext(f"{ATOM}title") == "Second Lead: write-ups on Soundtrack #1"
    assert entry_titles(root) == ["Soundtrack #1, reviewed"]


def test_show_feed_is_404_for_an_unknown_show(client, site):
    assert client.get(reverse("reviews:feed_show", kwargs={"slug": "nope"})).status_code == 404


def test_every_page_advertises_the_latest_feed(client, db):
    tree = parse_html(client.get(reverse("reviews:search")).content)

    link = tree.find("link", rel="alternate", type="application/atom+xml")
    assert link.attrs["href"] == reverse("reviews:feed_latest")
    assert link.attrs["title"] == "Second Lead: latest write-ups"


def build(size):
    """``size`` published write-ups on one show, each with ``size`` authors and tags."""
    show = make_show(slug="big-show")
    authors = [make_author() for _ in range(size)]
    tags = [f"tag-{n}" for n in range(size)]
    for _ in range(size):
        make_writeup(show=show, authors=authors, tags=tags)
        make_draft(show=show, authors=authors, tags=tags)


# Last in the module: rows a module-scoped fixture keeps are seen by every test after it.
@pytest.fixture(scope="module", params=[2, 30])
def built(request, django_db_setup, django_db_blocker):
    """``build`` at one size, once for the three feeds (which only read)."""
    with kept_for_module(django_db_blocker) as kept:
        build(request.param)
        kept.size = request.param
        kept.keep_cache()
        yield kept


@pytest.fixture
def size(built):
    built.restore_cache()
    return built.size


@pytest.mark.parametrize(
    ("name", "kwargs", "queries"),
    [
        ("feed_latest", {}, 3),
        ("feed_tag", {"slug": "tag-0"}, 4),
        ("feed_show", {"slug": "big-show"}, 4),
    ],
)
def test_feeds_run_a_fixed_number_of_queries(
    client, django_assert_num_queries, size, name, kwargs, queries
):
    """Items, bylines and tags (plus the tag or show): no query per entry (N+1)."""
    with django_assert_num_queries(queries):
        root = parse_feed(client.get(reverse(f"reviews:{name}", kwargs=kwargs)))
    assert len(entry_titles(root)) == min(size, FEED_SIZE)
