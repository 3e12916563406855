"""Each catalog page runs the same number of queries whatever the size of its data.

Every test builds a page's data at two sizes (2 and 30 related rows: credits,
episodes, songs, performers, write-ups, filmography rows, list items) and pins
one count for both, which prevents an N+1: a template reaching through a
relation the view did not fetch would add a query per row and break the pin.
"""

import pytest

from catalog.models import (
    Credit,
    Membership,
    Person,
    PersonExternalID,
    PersonName,
    ShowExternalID,
    ShowRelation,
    SongCredit,
)

from .factories import (
    make_credit,
    make_draft,
    make_episode,
    make_genre,
    make_network,
    make_person,
    make_show,
    make_song,
    make_writeup,
)

pytestmark = pytest.mark.django_db

SIZES = [2, 30]
# One ID at each site (made up for the test: the fixtures carry none).
SHOW_IDS = [
    ("mydramalist", "1-a-show"),
    ("tmdb", "tv/1"),
    ("imdb", "tt0000001"),
    ("wikidata", "Q1"),
]
PERSON_IDS = [("mydramalist", "people/1-a-person"), ("tmdb", "1"), ("imdb", "nm0000001")]


def assert_page_queries(client, django_assert_num_queries, url, expected, shows=None):
    with django_assert_num_queries(expected):
        response = client.get(url)
    assert response.status_code == 200
    if shows is not None:
        assert shows in response.content


@pytest.mark.parametrize("size", SIZES)
def test_show_list_queries_do_not_grow_with_shows(client, django_assert_num_queries, size):
    """Networks and genres for the form, the count, the page of rated shows: prevents an N+1."""
    for _ in range(size):
        show = make_show(network=make_network(), genres=[make_genre()], episode_count=12)
        make_writeup(show=show, scores=[("Story", 8, 10)])
    assert_page_queries(client, django_assert_num_queries, "/shows/", 4)


@pytest.mark.parametrize("size", SIZES)
def test_show_page_queries_do_not_grow_with_cast_episodes_songs_or_writeups(
    client, django_assert_num_queries, size
):
    """Show with rating, IDs elsewhere and relations, titles, genres, credits, episodes,
    songs, write-ups, write-ups about other shows that mention it.

    Eight queries at any size; pinned to prevent an N+1 in any section.
    """
    show = make_show(
        network=make_network(),
        alternative_titles=[f"Title {n}" for n in range(size)],
        genres=[make_genre() for _ in range(size)],
    )
    for n in range(size):
        make_credit(show=show, billing=list(Credit.Billing)[n % 4] if n % 5 else "")
        make_credit(show=show, role=Credit.Role.DIRECTOR if n % 2 else Credit.Role.WRITER)
        make_episode(show=show, title=f"Episode title {n}")
        make_song(show=show, part_number=n + 1, performers=[make_person(), make_person()])
        other = make_show()
        if n % 2:
            ShowRelation.objects.create(show=show, related_show=other, kind="sequel")
        else:
            ShowRelation.objects.create(show=other, related_show=show, kind="remake")
        make_writeup(show=show, scores=[("Story", 7, 10)])
        make_writeup(show=other, body=f"Better than {show.title}.")
        make_draft(show=show)
    for site, value in SHOW_IDS:
        ShowExternalID.objects.create(show=show, site=site, value=value)
    assert_page_queries(
        client, django_assert_num_queries, show.get_absolute_url(), 8, b"mentioned-in-heading"
    )


@pytest.mark.parametrize("size", SIZES)
def test_episode_page_queries_do_not_grow_with_episodes_or_recaps(
    client, django_assert_num_queries, size
):
    """Show with rating, episode, its neighbours, its recaps: prevents an N+1."""
    show = make_show()
    episodes = [make_episode(show=show) for _ in range(size + 2)]
    middle = episodes[1]
    for _ in range(size):
        make_writeup(show=show, episode=middle, kind="recap", scores=[("Story", 6, 10)])
    assert_page_queries(client, django_assert_num_queries, middle.get_absolute_url(), 4)


@pytest.mark.parametrize("size", SIZES)
def test_person_list_queries_do_not_grow_with_people(client, django_assert_num_queries, size):
    """The count and the page of people: prevents an N+1."""
    for n in range(size):
        make_person(kind=Person.Kind.GROUP if n % 3 else Person.Kind.INDIVIDUAL)
    assert_page_queries(client, django_assert_num_queries, "/people/", 2)


@pytest.mark.parametrize("size", SIZES)
def test_person_page_queries_do_not_grow_with_filmography_or_songs(
    client, django_assert_num_queries, size
):
    """Person with IDs elsewhere, names, memberships, credits, songs sung, song credits,
    write-ups that mention them: prevents an N+1."""
    person = make_person(kind=Person.Kind.GROUP)
    for site, value in PERSON_IDS:
        PersonExternalID.objects.create(person=person, site=site, value=value)
    for n in range(size):
        PersonName.objects.create(person=person, name=f"Other name {n}")
        Membership.objects.create(group=person, member=make_person())
        Membership.objects.create(group=make_person(kind=Person.Kind.GROUP), member=person)
        show = make_show(year=None if n % 7 == 0 else 2000 + n, network=make_network())
        make_credit(show=show, person=person)
        make_credit(show=show, person=person, role=Credit.Role.DIRECTOR)
        make_song(show=make_show(), performers=[person])
        make_song(show=show).credits.create(person=person, role=SongCredit.Role.LYRICIST)
        make_writeup(show=show, body=f"Starring {person.name}.")
    assert_page_queries(
        client, django_assert_num_queries, person.get_absolute_url(), 7, b"mentioned-in-heading"
    )


@pytest.mark.parametrize("size", SIZES)
def test_song_list_queries_do_not_grow_with_songs_or_performers(
    client, django_assert_num_queries, size
):
    """The count, the page of songs with their shows, their performers: prevents an N+1."""
    for _ in range(size):
        make_song(show=make_show(), part_number=1, performers=[make_person(), make_person()])
    assert_page_queries(client, django_assert_num_queries, "/songs/", 3)


@pytest.mark.parametrize("size", SIZES)
def test_song_page_queries_do_not_grow_with_performers_or_credits(
    client, django_assert_num_queries, size
):
    """Song with its show, performers, credits, the rest of its soundtrack, write-ups that
    mention it: prevents an N+1."""
    show = make_show()
    song = make_song(show=show, performers=[make_person() for _ in range(size)])
    for n in range(size):
        song.credits.create(person=make_person(), role=list(SongCredit.Role)[n % 4])
        make_song(show=show, part_number=n + 1, performers=[make_person()])
        make_writeup(show=show, body=f"Listen to {song.title}.")
    assert_page_queries(
        client, django_assert_num_queries, song.get_absolute_url(), 5, b"mentioned-in-heading"
    )
