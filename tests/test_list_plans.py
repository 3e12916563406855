"""The lists' orders are read from an index, a page at a time, on both databases.

A page of a list is cut on its keys (reviews_site.pagination). These are those
key queries; their plans must walk an index in the list's order and stop after
the page, never sort the table. On PostgreSQL a table of a few test rows is
cheaper to scan and sort, so scans and sorts are priced out for the plan
(``enable_seqscan``/``enable_sort`` off): a sort still appears when no index
can give the order.
"""

import pytest
from django.db import connection, transaction
from taggit.models import Tag

from catalog.models import Show
from reviews.models import Author, WriteUp

from .factories import make_author, make_show, make_writeup

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def rows():
    show = make_show(year=None)
    make_show(year=2021)
    make_writeup(show=show, scores=[("Story", 8, 10)])
    make_writeup(show=show, kind="feature", authors=[make_author()], tags=["a-tag"])


def plan(queryset):
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL enable_seqscan = off")
                cursor.execute("SET LOCAL enable_sort = off")
        return queryset.explain()


PAGES = {
    "write-ups by rating": (
        lambda: WriteUp.objects.published().by_rating(),
        "reviews_writeup_by_rating",
    ),
    "write-ups of one kind": (
        lambda: WriteUp.objects.published().filter(kind="review"),
        "reviews_writeup_kind",
    ),
    "an author's write-ups": (
        lambda: WriteUp.objects.published().signed_by(Author.objects.get()),
        "reviews_byline_listed",
    ),
    "a tag's write-ups": (
        lambda: WriteUp.objects.published().tagged(Tag.objects.get()),
        "reviews_taggedwriteup_listed",
    ),
    "shows, newest first": (lambda: Show.objects.newest_first(), "catalog_show_newest"),
    "the home page: the lead story, then the newest": (
        lambda: WriteUp.objects.published().lead_first(),
        "reviews_writeup_lead_first",
    ),
}


@pytest.mark.parametrize("page", PAGES)
def test_a_page_of_the_list_is_read_in_order_from_its_index(page):
    queryset, index = PAGES[page]

    found = plan(queryset().values("pk")[20:40])

    assert index in found, found
    assert "TEMP B-TREE" not in found, found  # SQLite sorting
    assert "Sort" not in found, found  # PostgreSQL sorting
