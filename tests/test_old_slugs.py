"""Old addresses keep working: a renamed slug answers 301 to the new address, for good.

Every kind with a public page (write-up, show, person, song, author, tag) is
renamed through the ORM as a shell or a script would; the admin and raw
saves (loaddata, reversion's revert) are covered by their own tests. A slug
that still redirects can never be given to another object of its kind.
"""

from xml.etree import ElementTree

import pytest
from django.core import serializers
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from taggit.models import Tag

from catalog.models import Person, Show, Song
from reviews.models import Author, WriteUp
from tests.admin_helpers import admin_form_data, error_messages
from tests.factories import (
    make_author,
    make_draft,
    make_episode,
    make_person,
    make_show,
    make_song,
    make_writeup,
)

pytestmark = pytest.mark.django_db
SITEMAP_NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def rename(obj, slug):
    obj.slug = slug
    obj.save()
    return obj


def make_tag(slug="romance"):
    writeup = make_writeup(tags=["Romance"])
    tag = writeup.tags.get()
    return rename(tag, slug) if tag.slug != slug else tag


def page(obj):
    if isinstance(obj, Tag):
        return reverse("reviews:tag_detail", kwargs={"slug": obj.slug})
    return obj.get_absolute_url()


KINDS = {
    "write-up": lambda: make_writeup(slug="first-take"),
    "show": lambda: make_show(slug="first-take"),
    "person": lambda: make_person(slug="first-take"),
    "song": lambda: make_song(slug="first-take"),
    # An author has a page once a published piece carries their name.
    "author": lambda: make_writeup(authors=[make_author(slug="first-take")]).authors.get(),
    "tag": lambda: make_tag(slug="first-take"),
}


@pytest.mark.parametrize("kind", KINDS)
def test_a_renamed_slug_answers_301_from_the_old_address_to_the_new(client, kind):
    obj = KINDS[kind]()
    old = page(obj)

    rename(obj, "second-take")

    response = client.get(old)
    assert response.status_code == 301
    assert response["Location"] == page(obj)
    assert response["Cache-Control"] == "public, max-age=300"
    assert page(obj) != old
    assert client.get(page(obj)).status_code == 200


@pytest.mark.parametrize("kind", KINDS)
def test_every_old_address_of_a_chain_leads_to_the_current_one(client, kind):
    obj = KINDS[kind]()
    first = page(obj)
    second = page(rename(obj, "second-take"))

    rename(obj, "third-take")

    for old in (first, second):
        response = client.get(old)
        assert (response.status_code, response["Location"]) == (301, page(obj)), old


def test_renaming_back_to_an_old_slug_serves_it_and_redirects_the_other(client):
    show = make_show(slug="soundtrack-1")
    rename(show, "soundtrack-no-1")

    rename(show, "soundtrack-1")

    assert client.get("/shows/soundtrack-1/").status_code == 200
    response = client.get("/shows/soundtrack-no-1/")
    assert (response.status_code, response["Location"]) == (301, "/shows/soundtrack-1/")


def test_pages_under_an_old_show_address_follow_it(client):
    show = make_show(slug="soundtrack-1")
    make_episode(show=show, number=3)
    make_writeup(show=show)
    rename(show, "soundtrack-no-1")

    episode = client.get("/shows/soundtrack-1/episodes/3/")
    feed = client.get("/shows/soundtrack-1/feed/")

    assert (episode.status_code, episode["Location"]) == (301, "/shows/soundtrack-no-1/episodes/3/")
    assert (feed.status_code, feed["Location"]) == (301, "/shows/soundtrack-no-1/feed/")


def test_a_redirect_keeps_the_parameters_the_page_reads_and_drops_the_rest(client):
    tag = make_tag(slug="first-take")
    rename(tag, "romance")

    response = client.get("/tags/first-take/?page=1&utm_source=feed")

    assert (response.status_code, response["Location"]) == (301, "/tags/romance/?page=1")


def test_the_tag_feed_follows_a_renamed_tag(client):
    tag = make_tag(slug="romance")
    rename(tag, "love-story")

    response = client.get(reverse("reviews:feed_tag", kwargs={"slug": "romance"}))

    assert (response.status_code, response["Location"]) == (301, "/tags/love-story/feed/")


def test_an_old_address_of_an_unpublished_piece_reveals_nothing(client, admin_client):
    draft = make_draft(slug="first-take")
    rename(draft, "the-secret-new-title")

    response = client.get("/reviews/first-take/")

    assert response.status_code == 404
    assert "the-secret-new-title" not in response.get("Location", "")
    # An editor, who may preview it, is led to it, and no shared cache keeps that.
    editor = admin_client.get("/reviews/first-take/")
    assert editor["Location"] == "/reviews/the-secret-new-title/"
    assert "private" in editor["Cache-Control"]


def test_an_unknown_address_stays_a_404(client):
    make_show(slug="soundtrack-1")

    assert client.get("/shows/never-was/").status_code == 404


def test_the_sitemap_and_feeds_list_only_the_new_address(client):
    writeup = make_writeup(slug="first-take")
    old_show = f"http://testserver{writeup.show.get_absolute_url()}"
    rename(writeup.show, "show-renamed")
    rename(writeup, "second-take")

    addresses = {
        loc.text
        for section in ("writeups", "shows")
        for loc in ElementTree.fromstring(client.get(f"/sitemap-{section}.xml").content).iterfind(
            ".//sm:loc", SITEMAP_NS
        )
    }
    feed = client.get("/feeds/latest/").content.decode()

    assert "http://testserver/reviews/second-take/" in addresses
    assert "http://testserver/shows/show-renamed/" in addresses
    assert "http://testserver/reviews/first-take/" not in addresses
    assert old_show not in addresses
    assert "/reviews/second-take/" in feed
    assert "first-take" not in feed


# Nobody takes an old address --------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "model"),
    [("show", Show), ("person", Person), ("song", Song), ("author", Author), ("write-up", WriteUp)],
)
def test_a_new_object_cannot_take_a_slug_that_redirects(kind, model):
    rename(KINDS[kind](), "second-take")
    newcomer = model(**{field: "x" for field in ("title", "name") if hasattr(model, field)})
    newcomer.slug = "first-take"

    with pytest.raises(ValidationError) as refused:
        newcomer.validate_constraints()
    assert "old address" in str(refused.value.message_dict["slug"])

    with pytest.raises(IntegrityError), transaction.atomic():
        KINDS[kind]()  # the same slug again: the database refuses it


def test_a_new_tag_cannot_take_a_tag_slug_that_redirects():
    tag = make_tag(slug="romance")
    tag.name = "Love story"
    rename(tag, "love-story")

    with pytest.raises(IntegrityError), transaction.atomic():
        Tag.objects.create(name="Romance again", slug="romance")
    # Tagging by the old name, as an editor would, makes a new tag with a free slug.
    writeup = make_writeup(tags=["Romance"])
    assert writeup.tags.get().slug not in {"romance", "love-story"}


def test_another_object_cannot_be_renamed_onto_an_old_slug():
    rename(make_show(slug="soundtrack-1"), "soundtrack-no-1")
    other = make_show(slug="other")

    with pytest.raises(IntegrityError), transaction.atomic():
        rename(other, "soundtrack-1")

    other.refresh_from_db()
    assert other.slug == "other"
    assert Show.objects.get(slug="soundtrack-no-1")


def test_the_admin_refuses_a_redirecting_slug_with_a_message_and_keeps_the_input(admin_client):
    rename(make_show(title="Soundtrack #1", slug="soundtrack-1"), "soundtrack-no-1")
    add = reverse("admin:catalog_show_add")
    data = admin_form_data(admin_client.get(add), title="Another show", slug="soundtrack-1")

    response = admin_client.post(add, data)

    assert response.status_code == 200
    assert any(
        "old address" in message and "Soundtrack #1" in message
        for message in error_messages(response)
    )
    assert response.context["adminform"].form["title"].value() == "Another show"
    assert not Show.objects.filter(title="Another show").exists()


def test_the_tag_admin_refuses_a_redirecting_slug(admin_client):
    rename(make_tag(slug="romance"), "love-story")
    other = Tag.objects.create(name="Melodrama", slug="melodrama")
    change = reverse("admin:taggit_tag_change", args=[other.pk])
    data = admin_form_data(admin_client.get(change), slug="romance")

    response = admin_client.post(change, data)

    assert response.status_code == 200
    assert any("old address" in message for message in error_messages(response))
    assert Tag.objects.get(pk=other.pk).slug == "melodrama"


def test_an_admin_rename_redirects(admin_client, client):
    person = make_person(name="Park Hyung-sik", slug="park-hyungsik")
    change = reverse("admin:catalog_person_change", args=[person.pk])
    data = admin_form_data(admin_client.get(change), slug="park-hyung-sik")

    assert admin_client.post(change, data).status_code == 302

    response = client.get("/people/park-hyungsik/")
    assert (response.status_code, response["Location"]) == (301, "/people/park-hyung-sik/")


def test_a_raw_save_as_loaddata_and_reversion_make_records_the_rename(client):
    """reversion's revert and loaddata save raw (save_base), past Model.save."""
    song = make_song(slug="love-beyond-words")
    data = serializers.serialize("python", [song])
    rename(song, "love-beyond")

    # Revert to the serialised version: the old slug comes back by a raw save.
    for restored in serializers.deserialize("python", data):
        restored.save()

    assert client.get("/songs/love-beyond-words/").status_code == 200
    response = client.get("/songs/love-beyond/")
    assert (response.status_code, response["Location"]) == (301, "/songs/love-beyond-words/")


def test_deleting_an_object_frees_its_old_slugs(client):
    show = rename(make_show(slug="first-take"), "second-take")

    show.delete()

    assert client.get("/shows/first-take/").status_code == 404
    assert make_show(slug="first-take").slug == "first-take"
