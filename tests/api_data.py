"""A small catalog for the API tests, named like the launch content, and a JSON GET helper."""

from datetime import timedelta

from django.utils import timezone

from catalog.models import (
    Credit,
    Membership,
    Person,
    PersonExternalID,
    PersonName,
    ShowExternalID,
    ShowTitle,
    SongCredit,
)
from reviews.models import TagDescription

from .factories import (
    make_author,
    make_credit,
    make_draft,
    make_episode,
    make_genre,
    make_network,
    make_person,
    make_relation,
    make_scheduled,
    make_show,
    make_song,
    make_writeup,
)


def get_json(client, url, params=None, status=200, **headers):
    response = client.get(url, params or {}, headers=headers)
    assert response.status_code == status, response.content[:500]
    return (
        response.json()
        if response.headers.get("Content-Type", "").startswith("application/json")
        else response
    )


def make_catalog():
    """One show with everything the API shows about it, and pieces readers may not see."""
    network = make_network(name="Disney+", slug="disney-plus")
    romance = make_genre(name="Romance", slug="romance")
    show = make_show(
        title="Soundtrack #1",
        slug="soundtrack-1",
        native_title="사운드트랙#1",
        network=network,
        genres=[romance],
        episode_count=4,
    )
    ShowTitle.objects.create(show=show, title="Saundeuteuraek #1", kind=ShowTitle.Kind.ROMANIZATION)
    # Test IDs of the right shapes, not the shows' real ones.
    ShowExternalID.objects.create(show=show, site="wikidata", value="Q100001")
    ShowExternalID.objects.create(show=show, site="tmdb", value="tv/100001")
    sequel = make_show(title="Soundtrack #2", slug="soundtrack-2", year=2023)
    make_relation(show, sequel)
    hyungsik = make_person(name="Park Hyung-sik", slug="park-hyung-sik", native_name="박형식")
    PersonName.objects.create(person=hyungsik, name="Park Hyung Sik")
    PersonExternalID.objects.create(person=hyungsik, site="imdb", value="nm1000001")
    make_credit(
        show=show,
        person=hyungsik,
        character_name="Han Seon-woo",
        character_aliases="Han Sun-woo; Seon Woo",
    )
    director = make_person(name="Kim Hee-won", slug="kim-hee-won")
    make_credit(show=show, person=director, role=Credit.Role.DIRECTOR)
    make_episode(show=show, number=1, title="Episode one")
    make_episode(show=show, number=2)
    group = make_person(name="Super Junior", slug="super-junior", kind=Person.Kind.GROUP)
    kyuhyun = make_person(name="Kyuhyun", slug="kyuhyun", native_name="규현")
    Membership.objects.create(group=group, member=kyuhyun)
    song = make_song(
        title="Love Beyond Words",
        slug="love-beyond-words",
        show=show,
        part_number=1,
        performers=[kyuhyun],
    )
    SongCredit.objects.create(song=song, person=director, role=SongCredit.Role.PRODUCER)
    author = make_author(name="Min Ji", slug="min-ji")
    review = make_writeup(
        title="Soundtrack #1 turns friendship into a slow-burn romance",
        slug="soundtrack-1-review",
        standfirst="Four episodes, one apartment.",
        body="The *chemistry* between the leads carries every unhurried scene.",
        show=show,
        authors=[author],
        tags=["friends to lovers", "melodrama"],
        scores=[("Story", 9, 10), ("Oppa", 4.5, 5)],
        verdict_watch="You like slow burns.",
    )
    tag = review.tags.get(name="melodrama")
    TagDescription.objects.create(tag=tag, text="Tears, mostly.")
    draft = make_draft(
        title="Secret draft about Soundtrack #1",
        slug="secret-draft",
        body="Unhurried draft.",
        show=show,
        tags=["draft-only"],
        scores=[("Story", 1, 10)],
    )
    scheduled = make_scheduled(
        title="Scheduled Soundtrack #1 piece",
        slug="scheduled-piece",
        body="Unhurried future.",
        show=show,
        tags=["scheduled-only"],
        scores=[("Story", 2, 10)],
    )
    trashed = make_writeup(
        title="Trashed Soundtrack #1 piece",
        slug="trashed-piece",
        body="Unhurried trash.",
        show=show,
        tags=["trashed-only"],
        scores=[("Story", 3, 10)],
    )
    trashed.move_to_trash()
    expired = make_writeup(
        title="Expired Soundtrack #1 piece",
        slug="expired-piece",
        body="Unhurried past.",
        show=show,
        tags=["expired-only"],
        scores=[("Story", 4, 10)],
        published_at=timezone.now() - timedelta(days=2),
        unpublish_at=timezone.now() - timedelta(hours=1),
    )
    return {
        "show": show,
        "sequel": sequel,
        "hyungsik": hyungsik,
        "kyuhyun": kyuhyun,
        "group": group,
        "song": song,
        "review": review,
        "hidden": [draft, scheduled, trashed, expired],
    }
