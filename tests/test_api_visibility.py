"""Drafts, scheduled, trashed and expired write-ups never appear in the API: lists, pages, search,
tags, filters or ratings. Everything goes through ``WriteUp.objects.published()``."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from .api_data import get_json, make_catalog
from .factories import make_writeup

pytestmark = pytest.mark.django_db

HIDDEN_SLUGS = {"secret-draft", "scheduled-piece", "trashed-piece", "expired-piece"}


@pytest.fixture
def catalog():
    return make_catalog()


def test_hidden_pieces_are_not_listed(client, catalog):
    listed = {p["slug"] for p in get_json(client, reverse("api:writeup_list"))["results"]}
    assert listed == {"soundtrack-1-review"}


@pytest.mark.parametrize("slug", sorted(HIDDEN_SLUGS))
def test_hidden_pieces_have_no_detail(client, catalog, slug):
    get_json(client, reverse("api:writeup_detail", args=[slug]), status=404)


@pytest.mark.parametrize("slug", sorted(HIDDEN_SLUGS))
def test_hidden_pieces_are_not_listed_under_their_show(client, catalog, slug):
    listed = get_json(client, reverse("api:writeup_list"), {"show": "soundtrack-1"})["results"]
    assert slug not in {p["slug"] for p in listed}


def test_hidden_pieces_are_not_found_by_search(client, catalog):
    found = get_json(client, reverse("api:search"), {"q": "unhurried"})
    assert [w["slug"] for w in found["results"]["writeups"]["items"]] == ["soundtrack-1-review"]


@pytest.mark.parametrize("tag", ["draft-only", "scheduled-only", "trashed-only", "expired-only"])
def test_tags_found_only_on_hidden_pieces_are_unknown(client, catalog, tag):
    names = {t["name"] for t in get_json(client, reverse("api:tag_list"))["results"]}
    assert tag not in names
    get_json(client, reverse("api:tag_detail", args=[tag]), status=404)
    refused = get_json(client, reverse("api:writeup_list"), {"tag": tag}, status=400)
    assert "tag" in refused


def test_hidden_pieces_count_neither_in_a_show_rating_nor_in_tag_counts(client, catalog):
    show = get_json(client, reverse("api:show_detail", args=["soundtrack-1"]))
    assert show["rating"] == {"average": "9.0", "scale": "10", "count": 1}
    catalog["hidden"][0].tags.add("melodrama")
    tag = get_json(client, reverse("api:tag_detail", args=["melodrama"]))
    assert tag["writeup_count"] == 1


def test_a_scheduled_piece_appears_once_its_time_has_come(client, catalog):
    scheduled = catalog["hidden"][1]
    scheduled.published_at = timezone.now() - timedelta(minutes=1)
    scheduled.save()
    get_json(client, reverse("api:writeup_detail", args=["scheduled-piece"]))


def test_a_signed_in_editor_sees_no_more_than_readers(client, catalog, django_user_model):
    """The API has no previews: a staff session is not an API credential."""
    editor = django_user_model.objects.create_superuser("editor", "e@example.org", "pass phrase")
    client.force_login(editor)
    listed = {p["slug"] for p in get_json(client, reverse("api:writeup_list"))["results"]}
    assert listed == {"soundtrack-1-review"}
    for slug in HIDDEN_SLUGS:
        get_json(client, reverse("api:writeup_detail", args=[slug]), status=404)


@pytest.mark.parametrize("status", ["in_review", "changes_requested", "unpublished"])
def test_pieces_in_the_review_loop_or_unpublished_never_appear(client, status):
    make_writeup(slug="in-the-loop", status=status, published_at=timezone.now())
    assert get_json(client, reverse("api:writeup_list"))["results"] == []
    get_json(client, reverse("api:writeup_detail", args=["in-the-loop"]), status=404)
