"""Addresses of slug routes are built from the route once reversed, and match reverse()."""

import pytest
from django.urls import reverse, set_script_prefix

from reviews_site.slugs import slug_url

ROUTES = [
    "catalog:show_detail",
    "catalog:person_detail",
    "catalog:song_detail",
    "reviews:writeup_detail",
    "reviews:author_detail",
    "reviews:tag_detail",
]


@pytest.mark.parametrize("viewname", ROUTES)
@pytest.mark.parametrize("slug", ["soundtrack-1", "park_hyung-sik", "2022"])
def test_plain_slugs_give_what_reverse_gives(viewname, slug):
    assert slug_url(viewname, slug) == reverse(viewname, kwargs={"slug": slug})


@pytest.mark.parametrize("slug", ["로맨스", "slice of life", "a&b", "café"])
def test_tag_slugs_that_need_quoting_give_what_reverse_gives(slug):
    url = slug_url("reviews:tag_detail", slug)

    assert url == reverse("reviews:tag_detail", kwargs={"slug": slug})
    assert url.isascii()


def test_an_address_follows_the_script_prefix_of_the_request():
    """Served under /magazine/, addresses start there (the route is kept per prefix)."""
    assert slug_url("catalog:show_detail", "soundtrack-1") == "/shows/soundtrack-1/"
    set_script_prefix("/magazine/")
    try:
        assert slug_url("catalog:show_detail", "soundtrack-1") == "/magazine/shows/soundtrack-1/"
    finally:
        set_script_prefix("/")
    assert slug_url("catalog:show_detail", "soundtrack-1") == "/shows/soundtrack-1/"
