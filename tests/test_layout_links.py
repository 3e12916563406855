"""The layout's fixed links (header, footer, feed) are the addresses reverse() gives.

They are reversed once per process and script prefix (reviews_site.context_processors),
so a site served under a prefix must still link inside it.
"""

import pytest
from django.urls import reverse, set_script_prefix

from .html_tree import parse_html

pytestmark = pytest.mark.django_db

NAV = ["reviews:writeup_list", "catalog:show_list", "catalog:person_list", "catalog:song_list"]


def layout_links(client, url="/"):
    page = parse_html(client.get(url).content.decode())
    header = page.find("header", class_="site-header")
    return {
        "home": header.find("a", class_="site-name").attrs["href"],
        "nav": [a.attrs["href"] for a in header.find("nav").find_all("a")],
        "search": header.find("form").attrs["action"],
        "footer": [a.attrs["href"] for a in page.find("footer").find_all("a")],
        "feed": page.find("link", type="application/atom+xml").attrs["href"],
    }


def expected():
    nav = [reverse(name) for name in NAV]
    return {
        "home": reverse("home"),
        "nav": nav,
        "search": reverse("reviews:search"),
        "footer": [*nav, reverse("reviews:feed_latest")],
        "feed": reverse("reviews:feed_latest"),
    }


def test_layout_links_are_the_reversed_addresses(client):
    # Not the home page: its one search box is its own, not the header's.
    assert layout_links(client, reverse("reviews:writeup_list")) == expected()


def test_layout_links_follow_the_script_prefix(client):
    layout_links(client, reverse("catalog:show_list"))  # reversed first without a prefix
    try:
        set_script_prefix("/kdrama/")  # what the WSGI handler sets from SCRIPT_NAME
        links = layout_links(client, "/reviews/")  # the path below the prefix
        assert links == expected()
        assert links["home"] == "/kdrama/"
    finally:
        set_script_prefix("/")


@pytest.mark.parametrize(
    "name", ["reviews:writeup_list", "catalog:show_list", "catalog:person_list"]
)
def test_each_nav_link_is_named_as_the_page_it_opens_is_headed(client, name):
    """One name for one thing: the nav said "Reviews" for a page headed "Write-ups"."""
    page = parse_html(client.get(reverse(name)).content.decode())
    link = page.find("header", class_="site-header").find("nav").find("a", href=reverse(name))
    assert link.text.strip() == page.find("h1").text.strip()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name", ["home", "reviews:writeup_list", "catalog:show_list", "reviews:search"]
)
def test_every_page_has_one_search_box(client, name):
    page = parse_html(client.get(reverse(name), {"q": "love"} if "search" in name else {}).content)

    assert len(page.find_all("form", role="search")) == 1
