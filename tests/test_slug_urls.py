"""Objects link to their pages: ASCII addresses, quoted where a slug needs it, under the
site's script prefix."""

import pytest
from django.urls import set_script_prefix

from reviews_site.templatetags.links import tag_url

from .factories import make_author, make_person, make_show, make_song, make_writeup

pytestmark = pytest.mark.django_db

MAKERS = {
    "/shows/": make_show,
    "/people/": make_person,
    "/songs/": make_song,
    "/reviews/": make_writeup,
    # An author's page lists their published pieces; one without any is not shown.
    "/authors/": lambda slug: make_writeup(authors=[make_author(slug=slug)]).authors.get(),
}


@pytest.mark.parametrize("prefix", MAKERS)
def test_an_object_links_to_its_page(client, prefix):
    obj = MAKERS[prefix](slug="park_hyung-sik-2022")

    url = obj.get_absolute_url()

    assert url == f"{prefix}park_hyung-sik-2022/"
    assert client.get(url).status_code == 200


@pytest.mark.parametrize(
    ("name", "address"),
    [("로맨스", "/tags/%EB%A1%9C%EB%A7%A8%EC%8A%A4/"), ("slice-of-life", "/tags/slice-of-life/")],
)
def test_a_tag_links_to_its_page_quoted(client, name, address):
    tag = make_writeup(tags=[name]).tags.get()

    assert tag_url(tag) == address
    assert client.get(address).status_code == 200


def test_an_address_follows_the_script_prefix_of_the_request():
    """Served under /magazine/, addresses start there."""
    show = make_show(slug="soundtrack-1")
    set_script_prefix("/magazine/")
    try:
        assert show.get_absolute_url() == "/magazine/shows/soundtrack-1/"
    finally:
        set_script_prefix("/")
    assert show.get_absolute_url() == "/shows/soundtrack-1/"
