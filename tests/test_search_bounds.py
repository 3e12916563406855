"""Search costs the same however large the archive: write-ups are ranked among the newest
matches only, with the count shown as "500+" past that, and names are found however
they were written (on SQLite through a trigram index that every kind of write keeps in step).
"""

import pytest
from django.core.management import call_command
from django.db import connection

from catalog.models import Person
from catalog.names import search_key
from reviews_site.search import name_index
from reviews_site.search import results as search_results
from tests.factories import make_draft, make_person, make_show, make_writeup
from tests.html_tree import parse_html
from tests.test_search import results, search

pytestmark = pytest.mark.django_db


@pytest.fixture
def many_matches(monkeypatch):
    """Five published pieces about "melodrama" and a draft; only the newest three are ranked."""
    monkeypatch.setattr(search_results, "MAX_WRITEUP_MATCHES", 3)
    show = make_show()
    # The oldest (lowest ids) would rank first: the word is in their titles.
    make_writeup(title="Melodrama at its best", body="On form.", show=show)
    make_writeup(title="Why melodrama works", body="On form.", show=show)
    newer = [
        make_writeup(title=f"Episode notes {n}", body="Some melodrama here.", show=show)
        for n in range(3)
    ]
    make_draft(title="Melodrama draft", show=show)
    return [piece.title for piece in newer]


def test_only_the_newest_matches_are_ranked_and_the_count_says_so(client, many_matches):
    tree = parse_html(search(client, "melodrama").content)
    section = tree.find("section", aria_labelledby="results-writeups")

    assert sorted(results(search(client, "melodrama"))["writeups"]) == sorted(many_matches)
    assert section.find("h2").text == "Write-ups (3+)"


def test_one_kind_page_pages_through_the_newest_matches_only(client, many_matches):
    response = search(client, "melodrama", type="writeups")

    assert sorted(results(response)["writeups"]) == sorted(many_matches)
    assert response.context["page_obj"].paginator.count == 3
    section = parse_html(response.content).find("section", aria_labelledby="results-writeups")
    assert section.find("h2").text == "Write-ups (3+)"


def test_below_the_limit_the_count_is_exact(client, many_matches, monkeypatch):
    monkeypatch.setattr(search_results, "MAX_WRITEUP_MATCHES", 1_000)

    tree = parse_html(search(client, "melodrama").content)

    assert tree.find("section", aria_labelledby="results-writeups").find("h2").text == (
        "Write-ups (5)"
    )
    assert sorted(results(search(client, "melodrama"))["writeups"][:2]) == [
        "Melodrama at its best",
        "Why melodrama works",
    ], "with the word in their titles, the oldest two rank first"


# Names: every kind of write is seen (SQLite's trigram index follows by triggers) ----------------


def people(client, query):
    return results(search(client, query)).get("people", [])


def test_names_are_found_after_inserts_renames_updates_and_deletes(client):
    person = make_person(name="Kim Ji-won")
    Person.objects.bulk_create(
        [Person(name="Kim Go-eun", slug="kim-go-eun", search_names=search_key("Kim Go-eun"))]
    )

    assert people(client, "Ji-won") == ["Kim Ji-won"]
    assert people(client, "Go-eun") == ["Kim Go-eun"]

    person.name = "Kim Ji-hye"
    person.save()
    assert people(client, "Ji-won") == []
    assert people(client, "Ji-hye") == ["Kim Ji-hye"]

    Person.objects.filter(slug="kim-go-eun").update(search_names=search_key("Kim So-yeon"))
    assert people(client, "So-yeon") == ["Kim Go-eun"]

    person.delete()
    assert people(client, "Ji-hye") == []


def test_a_lost_trigger_is_put_back_after_migrate_and_the_index_rebuilt(client):
    """SQLite drops a table's triggers when a migration rebuilds the table."""
    if connection.vendor != "sqlite":
        pytest.skip("the trigram name index is SQLite's; PostgreSQL uses pg_trgm")
    with connection.cursor() as cursor:
        for event in ("insert", "update", "delete"):
            cursor.execute(f"DROP TRIGGER {name_index.index_table('catalog_person')}_{event}")
    make_person(name="Lee Do-hyun")
    assert people(client, "Do-hyun") == [], "written while the trigger was missing"

    call_command("migrate", verbosity=0)

    assert people(client, "Do-hyun") == ["Lee Do-hyun"]
    make_person(name="Lee Jae-wook")
    assert people(client, "Jae-wook") == ["Lee Jae-wook"]


def test_short_keys_are_found(client):
    make_person(name="IU")

    assert people(client, "IU") == ["IU"]
