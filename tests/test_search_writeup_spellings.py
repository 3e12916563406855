"""Write-ups are found however a name in them is spelled, as names are (issue 16, part 4).

Through the search page, with the launch content: the articles write "Hyung-sik",
"Seon-woo" and "Sun-woo"; readers type "hyungsik", "hyung sik", "Hyeong-sik"...
"""

import pytest
from django.core.management import call_command
from django.urls import reverse

from tests.html_tree import parse_html
from tests.launch_fixtures import FIXTURES

pytestmark = pytest.mark.django_db

SEARCH = reverse("reviews:search")


@pytest.fixture
def launch(db):
    call_command("loaddata", *FIXTURES, verbosity=0)
    call_command("rebuild_search_index", verbosity=0)


def found_writeups(client, query):
    response = client.get(SEARCH, {"q": query, "type": "writeups"})
    assert response.status_code == 200
    tree = parse_html(response.content)
    return {
        heading.text.strip()
        for section in tree.find_all("section", class_="search-results")
        for heading in section.find_all("h3")
    }


@pytest.mark.parametrize(
    "spellings",
    [
        ("hyungsik", "hyung sik", "Hyung-sik", "Hyeong-sik", "HYUNGSHIK"),
        ("sun-woo", "Seon-woo", "seonwoo", "Sun Woo"),
    ],
)
def test_every_spelling_of_a_name_finds_the_same_writeups(client, launch, spellings):
    found = [found_writeups(client, spelling) for spelling in spellings]
    assert found[0], f"{spellings[0]!r} found no write-up"
    for spelling, writeups in zip(spellings[1:], found[1:], strict=True):
        assert writeups == found[0], spelling


def test_a_folded_spelling_finds_the_writeups_that_write_the_name_another_way(client, launch):
    # No launch article writes "hyungsik" as one word.
    assert len(found_writeups(client, "hyungsik")) >= 3


def test_folding_does_not_turn_common_words_into_matches(client, launch):
    # "the" folds to "de"; short folded keys are not matched against names in texts.
    assert found_writeups(client, "de") == set()


def test_a_saved_writeup_is_found_by_a_folded_spelling_of_a_name_it_writes(client, db):
    from tests.factories import make_writeup

    make_writeup(title="A quiet finale", body="In the end Jeong Hae-in's Seon-woo forgives.")
    make_writeup(title="Sunny days", body="the sun woke the city.")  # no name written
    assert found_writeups(client, "sunwu") == {"A quiet finale"}
    assert found_writeups(client, "Jung Haein") == {"A quiet finale"}


def test_an_edit_that_removes_the_name_removes_the_match(client, db):
    from tests.factories import make_writeup

    writeup = make_writeup(title="Cast notes", body="Han So-hee leads.")
    assert found_writeups(client, "hansohi") == {"Cast notes"}
    writeup.body = "The lead is superb."
    writeup.save()
    assert found_writeups(client, "hansohi") == set()
