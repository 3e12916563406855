"""Each reviews page runs the same, small number of SQL queries however much data it shows.

Every test runs at two sizes of data (2 and 30 write-ups, tags, authors,
scores, leads; each size built once for the module) and pins one count for
both: a query that ran once per card, tag, author or score would make the
larger run fail. The counts are for an anonymous reader, who costs no session query.
"""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from taggit.models import Tag

from reviews.models import TagDescription

from .factories import (
    kept_for_module,
    make_author,
    make_credit,
    make_draft,
    make_network,
    make_scheduled,
    make_show,
    make_writeup,
)

pytestmark = pytest.mark.django_db

SIZES = [2, 30]


def build(size):
    """``size`` of everything around one write-up, on one show and on ``size`` others."""
    show = make_show(slug="the-show", network=make_network())
    credits = [make_credit(show=show) for _ in range(size)]
    # Each name a link to the catalog and a row of "In this article", in two sections.
    named = " ".join(f"{credit.person.name} as {credit.character_name}." for credit in credits)
    authors = [make_author() for _ in range(size)]
    tags = [f"tag-{n}" for n in range(size)]
    now = timezone.now()
    target = make_writeup(
        slug="target",
        show=show,
        authors=authors,
        tags=tags,
        scores=[(f"Score {n}", n % 5, 5) for n in range(size)],
        published_at=now - timedelta(days=size + 1),
        verdict_watch="Yes",
        body=f"{named}\n\n## Again\n\n{named}",
        verdict_skip="No",
    )
    for n in range(size):
        make_writeup(
            show=show if n % 2 else make_show(),
            authors=list(dict.fromkeys([authors[0], authors[1], authors[n]])),
            tags=tags,
            scores=[("Story", n % 10, 10)],
            published_at=now - timedelta(days=n + 1 if n % 3 else size + 2 + n),
        )
        make_draft(show=show, tags=tags, authors=[authors[0]])
        make_scheduled(show=show, tags=tags, authors=[authors[0]])
    TagDescription.objects.create(tag=Tag.objects.get(name=tags[0]), text="What the tag means.")
    return {"target": target, "author": authors[0], "tag": tags[0], "show": show}


@pytest.fixture(scope="module", params=SIZES)
def built(request, django_db_setup, django_db_blocker):
    """The data at one size, built once for all the tests of the module (they only read)."""
    with kept_for_module(django_db_blocker) as kept:
        kept.data = build(request.param)
        kept.keep_cache()
        yield kept


@pytest.fixture
def data(built):
    """The built data, with the cache as the build left it (as if just built)."""
    built.restore_cache()
    return built.data


def test_home_page_runs_five_queries(client, django_assert_num_queries, data):
    """Latest cards, their bylines and tags, top-rated shows, popular tags: no N+1."""
    with django_assert_num_queries(5):
        assert client.get(reverse("home")).status_code == 200


def test_writeup_list_runs_four_queries(client, django_assert_num_queries, data):
    """Count, one page of cards, their bylines and tags: no query per card (N+1)."""
    with django_assert_num_queries(4):
        assert client.get(reverse("reviews:writeup_list")).status_code == 200


def test_writeup_list_sorted_by_rating_runs_four_queries(client, django_assert_num_queries, data):
    """Sorting changes the ORDER BY only: still no query per card (N+1)."""
    with django_assert_num_queries(4):
        response = client.get(reverse("reviews:writeup_list"), {"sort": "rating"})
        assert response.status_code == 200


def test_writeup_list_with_every_filter_runs_seven_queries(client, django_assert_num_queries, data):
    """One lookup per slug filter (show, tag, author) on top of the four: no N+1."""
    query = {
        "kind": "review",
        "show": data["show"].slug,
        "tag": data["tag"],
        "author": data["author"].slug,
        "sort": "rating",
    }
    with django_assert_num_queries(7):
        response = client.get(reverse("reviews:writeup_list"), query)
        assert response.status_code == 200
        assert b"writeup-card" in response.content


def test_writeup_page_runs_eight_queries(client, django_assert_num_queries, data):
    """The piece with its show, show rating and leads, bylines, scores, tags, more from the
    show, related by tags, previous/next together and what it links to ("In this
    article"): a fixed eight, no N+1."""
    with django_assert_num_queries(8):
        response = client.get(data["target"].get_absolute_url())
        assert response.status_code == 200
        assert b"in-article-heading" in response.content
        assert b'rel="next"' in response.content
        assert b"related-heading" in response.content
        assert b"more-heading" in response.content


def test_tag_page_runs_five_queries(client, django_assert_num_queries, data):
    """The tag with its description, count, one page of cards, their bylines and tags: no N+1."""
    with django_assert_num_queries(5):
        response = client.get(reverse("reviews:tag_detail", args=[data["tag"]]))
    assert response.status_code == 200
    assert b"What the tag means." in response.content


def test_author_page_runs_five_queries(client, django_assert_num_queries, data):
    """The author, count, one page of cards, their bylines and tags: no N+1."""
    with django_assert_num_queries(5):
        assert client.get(data["author"].get_absolute_url()).status_code == 200
