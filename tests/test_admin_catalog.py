"""The catalog admin: every page renders, inlines save, search finds any spelling."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from catalog.models import Credit, Episode, Membership, Person, Show, Song
from catalog.names import fold
from reviews.models import TrashedWriteUp, WriteUp
from reviews_site.models import AuditEntry
from tests.admin_helpers import add_inline_rows, admin_form_data, error_messages
from tests.factories import (
    make_author,
    make_credit,
    make_episode,
    make_genre,
    make_network,
    make_outlet,
    make_person,
    make_relation,
    make_show,
    make_song,
    make_writeup,
)

REGISTERED = sorted(admin.site._registry, key=lambda model: model._meta.label)
IDS = [model._meta.label for model in REGISTERED]


@pytest.fixture
def catalog(db):
    """A small catalog with one row of every kind the admin shows."""
    network = make_network(name="tvN", slug="tvn")
    genre = make_genre(name="Romance", slug="romance")
    show = make_show(
        title="Soundtrack #1",
        slug="soundtrack-1",
        native_title="사운드트랙#1",
        network=network,
        genres=[genre],
        alternative_titles=["Why Did You Come"],
    )
    sequel = make_show(title="Soundtrack #2", slug="soundtrack-2", kind=Show.Kind.FILM)
    make_relation(show, sequel)
    actor = make_person(
        name="Park Hyung-sik", slug="park-hyung-sik", native_name="박형식",
        alternative_names=["Park Hyeong-sik"],
    )  # fmt: skip
    group = make_person(name="ZE:A", slug="ze-a", kind=Person.Kind.GROUP)
    Membership.objects.create(group=group, member=actor)
    make_credit(
        show=show, person=actor, character_name="Han Seon-woo",
        character_aliases="Han Sun-woo; Seon Woo",
    )  # fmt: skip
    make_episode(show=show, title="The first day")
    make_song(title="Love Sick", slug="love-sick", show=show, part_number=1, performers=[actor])
    writeup = make_writeup(
        title="Soundtrack #1 review", show=show, authors=[make_author()], tags=["romance"],
        scores=[("Story", 8, 10)], outlet=make_outlet(),
    )  # fmt: skip
    published_long_ago = timezone.now() - timedelta(days=400)
    make_writeup(title="A piece in the trash", show=show, published_at=published_long_ago)
    WriteUp.objects.get(title="A piece in the trash").move_to_trash()
    # The login throttle's records and a two-factor device (reviews_site.login).
    visit = {"username": "editor", "ip_address": "203.0.113.7", "user_agent": "test"}
    AccessAttempt.objects.create(**visit, get_data="", post_data="", failures_since_start=1)
    AccessLog.objects.create(**visit)
    AccessFailureLog.objects.create(**visit)
    editor = User.objects.create_user("editor", is_staff=True)
    TOTPDevice.objects.create(user=editor, name="phone")
    # An admin action, for the recent activity page (reviews_site.AuditEntry).
    LogEntry.objects.log_actions(editor.pk, [writeup], CHANGE, "Published.", single_object=True)
    return {"show": show, "person": actor, "group": group, "writeup": writeup}


def admin_url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


# Every registered model -------------------------------------------------------------------


@pytest.mark.parametrize("model", REGISTERED, ids=IDS)
def test_every_admin_changelist_add_and_change_page_renders(admin_client, catalog, model):
    obj = model._default_manager.first()
    assert obj is not None, f"the catalog fixture has no {model._meta.label}"
    changelist = admin_client.get(admin_url(model, "changelist"))
    assert changelist.status_code == 200
    # django-axes writes its records itself: its admin offers no add page.
    addable = changelist.context["has_add_permission"]
    # Nor does the trash: nobody adds to it but by deleting a write-up; nor the activity page.
    assert addable == (
        model._meta.app_label != "axes" and model not in (TrashedWriteUp, AuditEntry)
    )
    assert admin_client.get(admin_url(model, "add")).status_code == (200 if addable else 403)
    assert admin_client.get(admin_url(model, "change", obj.pk)).status_code == 200


@pytest.mark.parametrize("model", REGISTERED, ids=IDS)
def test_every_changelist_search_and_filter_choice_renders(admin_client, catalog, model):
    url = admin_url(model, "changelist")
    assert admin_client.get(url, {"q": "Seon Woo 사운드"}).status_code == 200
    response = admin_client.get(url)
    changelist = response.context["cl"]
    for spec in changelist.filter_specs:
        for choice in spec.choices(changelist):
            assert admin_client.get(url + choice["query_string"]).status_code == 200, choice


# Inlines ----------------------------------------------------------------------------------


def test_show_add_form_saves_credit_episode_song_and_alternative_title(admin_client, catalog):
    person = catalog["person"]
    data = admin_form_data(
        admin_client.get(admin_url(Show, "add")),
        title="Business Proposal",
        slug="business-proposal",
        kind="series",
    )
    add_inline_rows(data, "credits", {"person": person.pk, "role": "cast", "billing": "lead",
                                      "character_name": "Kang Tae-moo", "order": "1"})  # fmt: skip
    add_inline_rows(data, "episodes", {"number": "1", "title": "The blind date"})
    add_inline_rows(
        data, "songs", {"title": "Love, Maybe", "slug": "love-maybe", "part_number": "1"}
    )
    add_inline_rows(data, "alternative_titles", {"title": "A Business Proposal", "kind": "literal"})
    add_inline_rows(data, "relations_out", {"related_show": catalog["show"].pk, "kind": "remake"})

    response = admin_client.post(admin_url(Show, "add"), data)

    assert response.status_code == 302, error_messages(response)
    show = Show.objects.get(slug="business-proposal")
    assert show.credits.get().character_name == "Kang Tae-moo"
    assert show.episodes.get().title == "The blind date"
    assert show.songs.get().slug == "love-maybe"
    assert show.alternative_titles.get().title == "A Business Proposal"
    assert show.relations_out.get().related_show == catalog["show"]
    assert Show.objects.matching(fold("A Business Proposal")).get() == show


def test_crew_credit_with_a_character_is_refused_inline(admin_client, catalog):
    data = admin_form_data(
        admin_client.get(admin_url(Show, "add")), title="Crew", slug="crew", kind="series"
    )
    add_inline_rows(data, "credits", {"person": catalog["person"].pk, "role": "director",
                                      "character_name": "Nobody", "order": "0"})  # fmt: skip

    response = admin_client.post(admin_url(Show, "add"), data)

    assert response.status_code == 200
    assert "Billing and character belong to cast credits only." in error_messages(response)
    assert not Show.objects.filter(slug="crew").exists()


def test_song_add_form_saves_performers_in_order_and_credits(admin_client, catalog):
    singer = make_person(name="Paul Kim", slug="paul-kim")
    data = admin_form_data(
        admin_client.get(admin_url(Song, "add")),
        title="Every Day, Every Moment", slug="every-day-every-moment", show=catalog["show"].pk,
    )  # fmt: skip
    add_inline_rows(data, "performances", {"person": singer.pk, "order": "2"},
                    {"person": catalog["person"].pk, "order": "1"})  # fmt: skip
    add_inline_rows(data, "credits", {"person": singer.pk, "role": "composer"})

    response = admin_client.post(admin_url(Song, "add"), data)

    assert response.status_code == 302, error_messages(response)
    song = Song.objects.get(slug="every-day-every-moment")
    assert [p.person for p in song.performances.all()] == [catalog["person"], singer]
    assert song.credits.get().role == "composer"


def test_group_change_page_edits_members_and_person_page_lists_groups(admin_client, catalog):
    group, actor = catalog["group"], catalog["person"]
    newcomer = make_person(name="Hwang Kwang-hee", slug="hwang-kwang-hee")
    data = admin_form_data(admin_client.get(admin_url(Person, "change", group.pk)))
    add_inline_rows(data, "member_links", {"member": newcomer.pk})

    response = admin_client.post(admin_url(Person, "change", group.pk), data)

    assert response.status_code == 302, error_messages(response)
    assert set(group.members.all()) == {actor, newcomer}
    person_page = admin_client.get(admin_url(Person, "change", actor.pk))
    prefixes = [inline.formset.prefix for inline in person_page.context["inline_admin_formsets"]]
    assert "group_links" in prefixes
    assert "member_links" not in prefixes


def test_an_individual_cannot_be_given_members(admin_client, catalog):
    data = admin_form_data(
        admin_client.get(admin_url(Person, "add")), name="Solo", slug="solo", kind="individual"
    )
    add_inline_rows(data, "member_links", {"member": catalog["person"].pk})

    response = admin_client.post(admin_url(Person, "add"), data)

    assert response.status_code == 200
    assert "Only a group can have members: set the kind to Group first." in error_messages(response)
    assert not Person.objects.filter(slug="solo").exists()


def test_person_change_page_lists_credits_and_songs_performed(admin_client, catalog):
    response = admin_client.get(admin_url(Person, "change", catalog["person"].pk))

    content = response.content.decode()
    assert "Han Seon-woo" in content
    assert "Love Sick" in content
    assert "Soundtrack #1" in content


def test_episode_is_reachable_from_its_show_page(admin_client, catalog):
    episode = Episode.objects.get()

    response = admin_client.get(admin_url(Show, "change", catalog["show"].pk))

    assert admin_url(Episode, "change", episode.pk) in response.content.decode()


# Search by any spelling -------------------------------------------------------------------


def changelist_results(client, model, term, **filters):
    response = client.get(admin_url(model, "changelist"), {"q": term, **filters})
    assert response.status_code == 200
    return list(response.context["cl"].result_list)


@pytest.mark.parametrize(
    "term", ["Why Did You Come", "why did you come", "사운드트랙", "Soundtrack No. 1"]
)
def test_show_search_finds_the_show_by_any_title(admin_client, catalog, term):
    assert changelist_results(admin_client, Show, term) == [catalog["show"]]


@pytest.mark.parametrize("term", ["Hyungsik", "Park Hyung Sik", "Park Hyeong-sik", "박형식"])
def test_person_search_finds_the_person_by_any_spelling(admin_client, catalog, term):
    assert changelist_results(admin_client, Person, term) == [catalog["person"]]


@pytest.mark.parametrize("term", ["Seon Woo", "Sun-woo", "Hyungsik"])
def test_credit_search_finds_characters_and_actors_by_any_spelling(admin_client, catalog, term):
    assert changelist_results(admin_client, Credit, term) == [Credit.objects.get()]


def test_folded_search_keeps_the_list_filters(admin_client, catalog):
    assert changelist_results(admin_client, Show, "Why Did You Come", kind="film") == []
    assert changelist_results(admin_client, Show, "Why Did You Come", kind="series") == [
        catalog["show"]
    ]


def test_person_autocomplete_finds_any_spelling(admin_client, catalog):
    response = admin_client.get(
        reverse("admin:autocomplete"),
        {"term": "Hyungsik", "app_label": "catalog", "model_name": "credit",
         "field_name": "person"},
    )  # fmt: skip

    assert [row["text"] for row in response.json()["results"]] == ["Park Hyung-sik"]


def test_episode_autocomplete_finds_episodes_by_the_shows_working_title(admin_client, catalog):
    response = admin_client.get(
        reverse("admin:autocomplete"),
        {"term": "Why Did You Come", "app_label": "reviews", "model_name": "writeup",
         "field_name": "episode"},
    )  # fmt: skip

    assert [row["text"] for row in response.json()["results"]] == [
        "Soundtrack #1, episode 1: The first day"
    ]


# Lists stay cheap -------------------------------------------------------------------------


GROWERS = {
    Show: lambda n: make_show(genres=[make_genre()], network=make_network()),
    Person: lambda n: make_credit(person=make_person()),
    Song: lambda n: make_song(show=make_show(), performers=[make_person()]),
    Credit: lambda n: make_credit(),
    Episode: lambda n: make_episode(),
    WriteUp: lambda n: make_writeup(tags=[f"tag {n}"], authors=[make_author()]),
}


@pytest.mark.parametrize("model", GROWERS, ids=[model.__name__ for model in GROWERS])
def test_changelist_query_count_does_not_grow_with_rows(admin_client, db, model):
    """Columns read related rows from select_related or a prefetch, never a query per row."""
    url = admin_url(model, "changelist")
    grow = GROWERS[model]
    for n in range(2):
        grow(n)
    admin_client.get(url)  # the first request loads content types and the session
    with CaptureQueriesContext(connection) as with_two:
        admin_client.get(url)
    for n in range(2, 30):
        grow(n)
    with CaptureQueriesContext(connection) as with_thirty:
        response = admin_client.get(url)

    assert response.context["cl"].result_count == 30
    assert len(with_thirty.captured_queries) == len(with_two.captured_queries)
