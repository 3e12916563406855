"""Each API endpoint runs the same number of queries whatever the size of its data.

As for the pages (tests/test_catalog_query_counts.py): the data is built at
two sizes and one count is pinned for both, which prevents an N+1 (a
serializer reaching through a relation the view did not load would add a
query per row). The page cache is off, so every request reaches the view.
"""

import pytest
from django.db import connection
from django.urls import reverse

from catalog.models import (
    Credit,
    Membership,
    Person,
    PersonExternalID,
    ShowExternalID,
    SongCredit,
)

from .factories import (
    make_author,
    make_credit,
    make_draft,
    make_episode,
    make_genre,
    make_network,
    make_person,
    make_relation,
    make_show,
    make_song,
    make_writeup,
)

pytestmark = pytest.mark.django_db

SIZES = [2, 30]


def time_limit_statements():
    """PostgreSQL's search sets its time limit with one statement (reviews_site.search.limits)."""
    return 1 if connection.vendor == "postgresql" else 0


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 0


def assert_queries(client, django_assert_num_queries, url, expected, params=None):
    with django_assert_num_queries(expected):
        response = client.get(url, params or {})
    assert response.status_code == 200, response.content[:300]
    return response.json()


def make_shows(size):
    for n in range(size):
        show = make_show(
            network=make_network(),
            genres=[make_genre(), make_genre()],
            alternative_titles=[f"Other title {n}"],
        )
        make_writeup(show=show, scores=[("Story", 8, 10)], tags=["romance"])
        ShowExternalID.objects.create(show=show, site="tmdb", value=f"tv/{show.pk}")
        ShowExternalID.objects.create(show=show, site="wikidata", value=f"Q{show.pk}")


@pytest.mark.parametrize("size", SIZES)
def test_show_list_queries(client, django_assert_num_queries, size):
    """Shows with rating and network, their titles, genres, IDs elsewhere."""
    make_shows(size)
    page = assert_queries(client, django_assert_num_queries, reverse("api:show_list"), 4)
    assert len(page["results"]) == min(size, 20)


@pytest.mark.parametrize("size", SIZES)
def test_show_list_filtered_queries(client, django_assert_num_queries, size):
    """One more query per filter, to find the row its slug names."""
    make_shows(size)
    network = make_network(slug="tvn")
    make_writeup(show=make_show(network=network, year=2021), tags=["romance"])
    params = {"platform": "tvn", "year": 2021, "tag": "romance"}
    url = reverse("api:show_list")
    page = assert_queries(client, django_assert_num_queries, url, 6, params)
    assert len(page["results"]) == 1


@pytest.mark.parametrize("size", SIZES)
def test_show_detail_queries(client, django_assert_num_queries, size):
    """Show with rating and relations, titles, genres, IDs elsewhere, credits, episodes, songs."""
    show = make_show(
        network=make_network(),
        alternative_titles=[f"Title {n}" for n in range(size)],
        genres=[make_genre() for _ in range(size)],
    )
    for n in range(size):
        make_credit(show=show)
        make_credit(show=show, role=Credit.Role.WRITER)
        make_episode(show=show)
        make_song(show=show, part_number=n + 1, performers=[make_person(), make_person()])
        make_relation(show, make_show()) if n % 2 else make_relation(make_show(), show)
        make_writeup(show=show, scores=[("Story", 7, 10)])
        make_draft(show=show)
    url = reverse("api:show_detail", args=[show.slug])
    detail = assert_queries(client, django_assert_num_queries, url, 7)
    assert len(detail["credits"]) == 2 * size


@pytest.mark.parametrize("size", SIZES)
def test_person_list_queries(client, django_assert_num_queries, size):
    """People, their other names, their IDs elsewhere."""
    for n in range(size):
        person = make_person(alternative_names=[f"Name {n}", f"Nom {n}"])
        PersonExternalID.objects.create(person=person, site="imdb", value=f"nm{person.pk:07}")
    assert_queries(client, django_assert_num_queries, reverse("api:person_list"), 3)


@pytest.mark.parametrize("size", SIZES)
def test_person_detail_queries(client, django_assert_num_queries, size):
    """Person, names, IDs elsewhere, memberships, credits, performances, song credits."""
    person = make_person(alternative_names=[f"Name {n}" for n in range(size)])
    for _ in range(size):
        make_credit(person=person)
        make_song(show=make_show(), performers=[person])
        SongCredit.objects.create(song=make_song(), person=person, role="lyricist")
        group = make_person(kind=Person.Kind.GROUP)
        Membership.objects.create(group=group, member=person)
    url = reverse("api:person_detail", args=[person.slug])
    detail = assert_queries(client, django_assert_num_queries, url, 7)
    assert len(detail["songs"]) == 2 * size


@pytest.mark.parametrize("size", SIZES)
def test_song_list_queries(client, django_assert_num_queries, size):
    """Songs with their show, their performers."""
    for _ in range(size):
        make_song(show=make_show(), performers=[make_person(), make_person()])
    assert_queries(client, django_assert_num_queries, reverse("api:song_list"), 2)


@pytest.mark.parametrize("size", SIZES)
def test_song_detail_queries(client, django_assert_num_queries, size):
    """Song with its show, performers, credits."""
    song = make_song(show=make_show(), performers=[make_person() for _ in range(size)])
    for _ in range(size):
        SongCredit.objects.create(song=song, person=make_person(), role="composer")
    url = reverse("api:song_detail", args=[song.slug])
    assert_queries(client, django_assert_num_queries, url, 3)


@pytest.mark.parametrize("size", SIZES)
def test_writeup_list_queries(client, django_assert_num_queries, size):
    """Write-ups with show, episode and outlet; bylines; tags."""
    for n in range(size):
        make_writeup(authors=[make_author(), make_author()], tags=[f"tag {n}", "shared"])
        episode = make_episode()
        # A recap's spoilers are its episode's: read from the row, not a query each.
        make_writeup(kind="recap", show=episode.show, episode=episode, has_spoilers=True)
        make_draft()
    assert_queries(client, django_assert_num_queries, reverse("api:writeup_list"), 3)


@pytest.mark.parametrize("size", SIZES)
def test_writeup_detail_queries(client, django_assert_num_queries, size):
    """Write-up with show, episode and outlet; bylines; tags; scores."""
    writeup = make_writeup(
        authors=[make_author() for _ in range(size)],
        tags=[f"tag {n}" for n in range(size)],
        scores=[(f"Score {n}", 4, 5) for n in range(size)],
    )
    url = reverse("api:writeup_detail", args=[writeup.slug])
    assert_queries(client, django_assert_num_queries, url, 4)


@pytest.mark.parametrize("size", SIZES)
def test_tag_list_queries(client, django_assert_num_queries, size):
    """Tags with their counts of published write-ups: one query."""
    for n in range(size):
        make_writeup(tags=[f"tag {n}", "shared"])
    assert_queries(client, django_assert_num_queries, reverse("api:tag_list"), 1)


@pytest.mark.parametrize("size", SIZES)
def test_tag_detail_queries(client, django_assert_num_queries, size):
    """Tag with its count and description; its synonyms."""
    for _ in range(size):
        make_writeup(tags=["shared"])
    url = reverse("api:tag_detail", args=["shared"])
    assert_queries(client, django_assert_num_queries, url, 2)


@pytest.mark.parametrize("size", SIZES)
def test_search_queries(client, django_assert_num_queries, size):
    """One query per kind (five), plus song performers and write-up bylines (and, on
    PostgreSQL, the statement that sets the search's time limit)."""
    for n in range(size):
        show = make_show(title=f"Soundtrack {n}")
        make_credit(show=show, person=make_person(name=f"Soundtrack fan {n}"))
        make_song(title=f"Soundtrack song {n}", show=show, performers=[make_person()])
        make_writeup(title=f"Soundtrack review {n}", show=show, authors=[make_author()])
    url = reverse("api:search")
    found = assert_queries(
        client, django_assert_num_queries, url, 7 + time_limit_statements(), {"q": "soundtrack"}
    )
    assert found["results"]["shows"]["total"] == size
