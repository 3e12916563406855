"""Sharing metadata on every page: canonical address, meta description, Open Graph, Twitter.

The first test walks every kind of public page built from a small dataset
(feeds, sitemaps and robots.txt are not HTML pages and are left out); the
others pin the rules each piece of metadata follows.
"""

from io import BytesIO

import pytest
from django.core.files.base import ContentFile
from PIL import Image

from catalog.models import Membership, Person, Show

from .factories import (
    make_author,
    make_credit,
    make_episode,
    make_genre,
    make_network,
    make_person,
    make_show,
    make_song,
    make_writeup,
)
from .html_tree import parse_html

pytestmark = pytest.mark.django_db

SITE = "http://testserver"
LONG_SYNOPSIS = (
    "Han Seon-woo and Lee Eun-soo have been best friends for nineteen years. "
    "He has loved her for years without telling her, and she has never noticed. "
    "When she cannot write a love song, she asks him to move in with her for two weeks."
)


def add_image(instance, field, width, height):
    """Store a ``width`` x ``height`` picture in an image field, as an editor's upload would be."""
    buffer = BytesIO()
    Image.new("RGB", (width, height), "teal").save(buffer, "PNG")
    setattr(instance, field, ContentFile(buffer.getvalue(), name="upload.png"))
    instance.save()


class Head:
    """The metadata in a page's <head>, read from the parsed document."""

    def __init__(self, response):
        self.page = parse_html(response.content)

    def canonicals(self):
        return [link.attrs["href"] for link in self.page.find_all("link", rel="canonical")]

    def canonical(self):
        (href,) = self.canonicals()
        return href

    def all(self, key):
        """The content of every <meta property=key> or <meta name=key>."""
        return [
            meta.attrs.get("content")
            for meta in self.page.find_all("meta")
            if key in (meta.attrs.get("property"), meta.attrs.get("name"))
        ]

    def get(self, key):
        values = self.all(key)
        assert len(values) <= 1, f"{key} is given {len(values)} times"
        return values[0] if values else None


def head(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, url
    return Head(response)


@pytest.fixture
def site_data():
    """One of everything, and the address of each kind of page."""
    romance = make_genre(name="Romance", slug="romance")
    show = make_show(
        title="Soundtrack #1",
        slug="soundtrack-1",
        native_title="사운드트랙#1",
        network=make_network(name="Disney+", slug="disney-plus"),
        genres=[romance],
        synopsis=LONG_SYNOPSIS,
    )
    add_image(show, "poster", 800, 1200)
    film = make_show(title="Parasite", slug="parasite", kind=Show.Kind.FILM)
    actor = make_person(name="Park Hyung-sik", slug="park-hyung-sik")
    add_image(actor, "photo", 600, 800)
    make_credit(show=show, person=actor, character_name="Han Seon-woo")
    group = make_person(name="Davichi", slug="davichi", kind=Person.Kind.GROUP)
    Membership.objects.create(group=group, member=make_person(name="Lee Hae-ri"))
    episode = make_episode(show=show, number=1)
    song = make_song(title="Love Me", slug="love-me", show=show, performers=[group])
    author = make_author(name="Min Ji", slug="min-ji")
    review = make_writeup(
        show=show,
        title="A warm duet",
        slug="a-warm-duet",
        standfirst="Short, sweet and well sung.",
        authors=[author],
        tags=["romance"],
        scores=[("Story", 9, 10)],
    )
    recap = make_writeup(show=show, episode=episode, kind="recap", slug="episode-1-recap")
    for n in range(20):
        make_writeup(show=film, slug=f"film-piece-{n}")
    return {
        "home": "/",
        "writeup list": "/reviews/",
        "writeup list, page 2": "/reviews/?page=2",
        "writeup list, filtered": "/reviews/?kind=review&show=soundtrack-1",
        "writeup list, bad filter": ("/reviews/?kind=opera", 400),
        "review": review.get_absolute_url(),
        "recap": recap.get_absolute_url(),
        "tag": "/tags/romance/",
        "author": author.get_absolute_url(),
        "show list": "/shows/",
        "show list, filtered": "/shows/?genre=romance",
        "show": show.get_absolute_url(),
        "film": film.get_absolute_url(),
        "episode": episode.get_absolute_url(),
        "person list": "/people/",
        "person": actor.get_absolute_url(),
        "group": group.get_absolute_url(),
        "song list": "/songs/",
        "song": song.get_absolute_url(),
        "search": "/search/?q=soundtrack",
        "empty search": "/search/",
        "not found": ("/no-such-page/", 404),
        "unknown show": ("/shows/no-such-show/", 404),
    }


PAGES = [
    "home",
    "writeup list",
    "writeup list, page 2",
    "writeup list, filtered",
    "writeup list, bad filter",
    "review",
    "recap",
    "tag",
    "author",
    "show list",
    "show list, filtered",
    "show",
    "film",
    "episode",
    "person list",
    "person",
    "group",
    "song list",
    "song",
    "search",
    "empty search",
    "not found",
    "unknown show",
]


@pytest.mark.parametrize("name", PAGES)
def test_every_page_has_a_canonical_address_description_and_sharing_card(client, site_data, name):
    url, status = site_data[name] if isinstance(site_data[name], tuple) else (site_data[name], 200)
    meta = head(client, url, status)
    canonical = meta.canonical()
    assert canonical.startswith(f"{SITE}/"), canonical
    assert meta.get("og:url") == canonical
    (description,) = meta.all("description")
    assert description.strip()
    assert len(description) <= 160, description
    assert meta.get("og:description") == meta.get("twitter:description") == description
    title = meta.get("og:title")
    assert title.strip()
    assert meta.get("twitter:title") == title
    assert meta.get("og:type")
    assert meta.get("og:site_name") == "Second Lead"
    image = meta.get("og:image")
    if image:
        assert image.startswith(f"{SITE}/media/"), image
        assert meta.get("twitter:card") == "summary_large_image"
    else:
        assert meta.get("twitter:card") == "summary"


@pytest.mark.parametrize(
    ("name", "og_type", "image_folder"),
    [
        ("home", "website", None),
        ("show list", "website", None),
        ("tag", "website", None),
        ("search", "website", None),
        ("not found", "website", None),
        ("review", "article", "posters"),
        ("recap", "article", "posters"),
        ("show", "video.tv_show", "posters"),
        ("film", "video.movie", None),
        ("episode", "video.episode", "posters"),
        ("person", "profile", "people"),
        ("group", "profile", None),
        ("author", "profile", None),
        ("song", "music.song", "posters"),
    ],
)
def test_each_kind_of_page_has_its_open_graph_type_and_image(
    client, site_data, name, og_type, image_folder
):
    url = site_data[name][0] if isinstance(site_data[name], tuple) else site_data[name]
    meta = head(client, url, status=404 if name == "not found" else 200)
    assert meta.get("og:type") == og_type
    if image_folder:
        assert meta.get("og:image").startswith(f"{SITE}/media/{image_folder}/")
        assert meta.get("og:image:width")
        assert meta.get("og:image:alt")
    else:
        assert meta.get("og:image") is None


def test_a_write_up_is_an_article_with_its_time_authors_and_tags(client, site_data):
    meta = head(client, site_data["review"])
    assert meta.get("og:title") == "A warm duet"
    assert meta.get("description") == "Short, sweet and well sung."
    assert meta.get("article:published_time")
    assert meta.all("article:author") == [f"{SITE}/authors/min-ji/"]
    assert meta.all("article:tag") == ["romance"]
    assert meta.get("article:section") == "Review"


def test_the_poster_shared_is_its_widest_rendition(client, site_data):
    meta = head(client, site_data["show"])
    assert meta.get("og:image").endswith("-w640.jpg")
    assert (meta.get("og:image:width"), meta.get("og:image:height")) == ("640", "960")
    assert meta.get("og:image:alt") == "Poster of Soundtrack #1"
    assert meta.get("twitter:image") == meta.get("og:image")


@pytest.mark.parametrize(
    ("url", "canonical"),
    [
        ("/reviews/?page=1", "/reviews/"),
        ("/reviews/?page=2", "/reviews/?page=2"),
        ("/reviews/?page=last", "/reviews/?page=2"),
        ("/reviews/?utm_source=news&fbclid=abc", "/reviews/"),
        ("/reviews/?kind=&show=&tag=", "/reviews/"),
        (
            "/reviews/?show=soundtrack-1&utm_medium=x&kind=review",
            "/reviews/?kind=review&show=soundtrack-1",
        ),
        ("/reviews/?sort=rating", "/reviews/?sort=rating"),
        ("/shows/?genre=romance&year=2022&ref=home", "/shows/?year=2022&genre=romance"),
        ("/shows/soundtrack-1/?utm_source=x&page=3", "/shows/soundtrack-1/"),
        ("/search/?q=++soundtrack+&utm_source=x", "/search/?q=soundtrack"),
        ("/tags/romance/?page=1", "/tags/romance/"),
    ],
)
def test_the_canonical_address_keeps_what_makes_the_page_and_drops_the_rest(
    client, site_data, url, canonical
):
    assert head(client, url).canonical() == f"{SITE}{canonical}"


def test_a_request_for_another_host_still_gets_its_400_page(client):
    """The canonical address needs the host: a host the site does not serve must not
    turn Django's 400 page into a server error."""
    response = client.get("/reviews/", HTTP_HOST="evil.example")
    assert response.status_code == 400
    assert Head(response).canonical() == "/reviews/"


def test_refused_filters_point_to_the_unfiltered_list(client, site_data):
    assert head(client, "/reviews/?kind=opera&page=2", 400).canonical() == f"{SITE}/reviews/"
    assert head(client, "/shows/?year=abc", 400).canonical() == f"{SITE}/shows/"


def test_a_long_synopsis_is_shortened_to_whole_sentences(client, site_data):
    description = head(client, site_data["show"]).get("description")
    assert description == (
        "Han Seon-woo and Lee Eun-soo have been best friends for nineteen years. "
        "He has loved her for years without telling her, and she has never noticed."
    )


def test_one_long_sentence_is_cut_at_a_word_with_an_ellipsis(client):
    show = make_show(synopsis="A very " + "long " * 60 + "sentence without an end")
    description = head(client, show.get_absolute_url()).get("description")
    assert len(description) <= 160
    assert description.startswith("A very long long")
    assert description.endswith("long…")


def test_a_person_without_a_bio_gets_a_factual_description(client):
    person = make_person(name="Park Hyung-sik", native_name="박형식")
    meta = head(client, person.get_absolute_url())
    assert meta.get("description") == (
        "Park Hyung-sik (박형식): filmography, roles and songs on Second Lead."
    )


def test_markup_in_a_title_is_text_in_every_tag(client):
    title = 'Tom & Jerry "<b>Bold</b>" </title><script>alert(1)</script>'
    show = make_show(title=title, year=None, synopsis="")
    response = client.get(show.get_absolute_url())
    assert b"<script>alert(1)" not in response.content
    meta = Head(response)
    assert meta.get("og:title") == meta.get("twitter:title") == title
    assert meta.page.find("title").text == f"{title} · Second Lead"
    assert meta.get("description").startswith(f"{title}, a series")
