"""Reading a page's schema.org JSON-LD as a crawler would, and a show to describe."""

import json
from datetime import date
from io import BytesIO

from django.core.files.base import ContentFile
from PIL import Image

from catalog.models import Credit

from .factories import (
    make_credit,
    make_episode,
    make_genre,
    make_network,
    make_person,
    make_show,
)
from .html_tree import parse_html

SITE = "http://testserver"


def add_image(instance, field, width, height):
    """Store a ``width`` x ``height`` picture in an image field, as an editor's upload would be."""
    buffer = BytesIO()
    Image.new("RGB", (width, height), "teal").save(buffer, "PNG")
    setattr(instance, field, ContentFile(buffer.getvalue(), name="upload.png"))
    instance.save()


def json_ld(client, url):
    """Every JSON-LD object on the page at ``url`` (which must answer 200)."""
    response = client.get(url)
    assert response.status_code == 200
    scripts = parse_html(response.content).find_all("script", type="application/ld+json")
    return [json.loads(script.raw_text()) for script in scripts]


def the_json_ld(client, url):
    """The page's one JSON-LD object, checked to be schema.org data."""
    found = json_ld(client, url)
    assert len(found) == 1, found
    assert found[0]["@context"] == "https://schema.org"
    return found[0]


def make_soundtrack():
    """Soundtrack #1 with its names, genres, cast, crew and two episodes."""
    show = make_show(
        title="Soundtrack #1",
        slug="soundtrack-1",
        native_title="사운드트랙#1",
        premiere_date=date(2022, 3, 23),
        episode_count=4,
        network=make_network(name="Disney+"),
        genres=[make_genre(name="Romance"), make_genre(name="Music drama")],
        alternative_titles=["Soundtrack No1"],
        synopsis="Two friends write a love song.",
    )
    make_credit(
        show=show,
        person=make_person(name="Park Hyung-sik", slug="park-hyung-sik"),
        character_name="Han Seon-woo",
    )
    make_credit(
        show=show,
        person=make_person(name="Cameo Actor", slug="cameo-actor"),
        billing=Credit.Billing.CAMEO,
        character_name="",
    )
    director = make_person(name="Kim Hee-won", slug="kim-hee-won")
    make_credit(show=show, person=director, role=Credit.Role.DIRECTOR)
    make_credit(show=show, person=make_person(name="Ban Ki-ri"), role=Credit.Role.WRITER)
    make_episode(show=show, number=1, title="A new song")
    make_episode(show=show, number=2)
    return show
