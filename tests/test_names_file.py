"""The open names file, /data/names.json and /data/names.csv: every spelling, with its kind.

Checked against the launch content (every spelling it records, no made-up IDs),
for escaping, for the page cache and conditional requests, and for a query
count that does not grow with the catalog.
"""

import csv
import io
import json

import pytest
from django.test import TestCase
from django.urls import reverse

from catalog.models import Person, PersonExternalID, PersonName, Show, ShowExternalID
from catalog.open_data import CSV_FIELDS
from tests.factories import make_person, make_show
from tests.launch_fixtures import FIXTURES

JSON_URL = reverse("catalog:names_json")
CSV_URL = reverse("catalog:names_csv")


def read_json(client):
    response = client.get(JSON_URL)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    return json.loads(response.content.decode("utf-8"))


def read_csv(client):
    response = client.get(CSV_URL)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv; charset=utf-8")
    reader = csv.DictReader(io.StringIO(response.content.decode("utf-8"), newline=""))
    rows = list(reader)
    assert reader.fieldnames == CSV_FIELDS
    return rows


def spellings(record):
    return [(item["spelling"], item["kind"], item["catalog_kind"]) for item in record["spellings"]]


class LaunchContentNamesFileTests(TestCase):
    fixtures = FIXTURES

    def test_json_gives_every_spelling_of_a_person_with_its_kind(self):
        people = {record["slug"]: record for record in read_json(self.client)["people"]}
        park = people["park-hyung-sik"]
        assert park["url"] == "http://testserver/people/park-hyung-sik/"
        assert sorted(spellings(park)) == [
            ("Park Hyung Sik", "other", "spelling"),
            ("Park Hyung-Sik", "other", "spelling"),
            ("Park Hyung-sik", "official", "name"),
        ]
        assert park["ids"] == {}

    def test_json_gives_every_title_of_a_show_hangul_included(self):
        shows = {record["slug"]: record for record in read_json(self.client)["shows"]}
        assert sorted(spellings(shows["soundtrack-1"])) == [
            ("Soundtrack #1", "official", "title"),
            ("Soundtrack No1", "other", "spelling"),
            ("Why Did You Come To My House?", "other", "working"),
            ("사운드트랙#1", "hangul", "native_title"),
        ]

    def test_every_person_and_show_is_listed_once_and_every_spelling_is_there(self):
        data = read_json(self.client)
        assert [record["slug"] for record in data["people"]] == list(
            Person.objects.order_by("name", "pk").values_list("slug", flat=True)
        )
        assert [record["slug"] for record in data["shows"]] == list(
            Show.objects.order_by("title", "pk").values_list("slug", flat=True)
        )
        listed = {item["spelling"] for record in data["people"] for item in record["spellings"]}
        assert set(PersonName.objects.values_list("name", flat=True)) <= listed

    def test_the_launch_content_has_no_ids_elsewhere_and_the_file_invents_none(self):
        assert not ShowExternalID.objects.exists()
        assert not PersonExternalID.objects.exists()
        data = read_json(self.client)
        assert all(record["ids"] == {} for record in data["people"] + data["shows"])
        rows = read_csv(self.client)
        assert all(not row[site] for row in rows for site in ("mydramalist", "tmdb", "imdb"))
        assert all(not row["wikidata"] for row in rows)

    def test_csv_has_one_row_per_spelling_the_same_as_the_json(self):
        data = read_json(self.client)
        rows = read_csv(self.client)
        from_json = [
            (kind, record["slug"], record["url"], *item.values())
            for kind, records in (("person", data["people"]), ("show", data["shows"]))
            for record in records
            for item in record["spellings"]
        ]
        fields = ("type", "slug", "url", "spelling", "kind", "catalog_kind")
        assert [tuple(row[field] for field in fields) for row in rows] == from_json
        assert {
            "type": "show",
            "slug": "soundtrack-1",
            "url": "http://testserver/shows/soundtrack-1/",
            "spelling": "사운드트랙#1",
            "kind": "hangul",
            "catalog_kind": "native_title",
            "mydramalist": "",
            "tmdb": "",
            "imdb": "",
            "wikidata": "",
        } in rows

    def test_files_are_downloads_with_a_name_and_an_etag_answering_304(self):
        for url, filename in ((JSON_URL, "names.json"), (CSV_URL, "names.csv")):
            response = self.client.get(url)
            assert response["Content-Disposition"] == f'attachment; filename="{filename}"'
            etag = response["ETag"]
            again = self.client.get(url, headers={"if-none-match": etag})
            assert again.status_code == 304

    def test_people_and_show_lists_link_both_files(self):
        for list_url in (reverse("catalog:person_list"), reverse("catalog:show_list")):
            page = self.client.get(list_url).content.decode()
            assert f'href="{CSV_URL}"' in page
            assert f'href="{JSON_URL}"' in page


@pytest.mark.django_db
def test_ids_elsewhere_are_in_both_files(client):
    show = make_show(slug="a-show")
    ShowExternalID.objects.create(show=show, site="tmdb", value="tv/1234")
    ShowExternalID.objects.create(show=show, site="wikidata", value="Q12345")

    (record,) = read_json(client)["shows"]
    assert record["ids"] == {"tmdb": "tv/1234", "wikidata": "Q12345"}
    (row,) = read_csv(client)
    assert (row["tmdb"], row["wikidata"], row["imdb"], row["mydramalist"]) == (
        "tv/1234",
        "Q12345",
        "",
        "",
    )


@pytest.mark.django_db
def test_names_with_commas_quotes_newlines_and_hangul_come_back_exactly(client):
    awkward = 'Kim "Jo", Jr.\nsecond line'
    person = make_person(name="Lee, Ji-eun", native_name="이지은", alternative_names=[awkward])
    PersonName.objects.create(person=person, name="IU 🎤", kind=PersonName.Kind.STAGE)

    rows = read_csv(client)
    assert [(row["spelling"], row["kind"]) for row in rows] == [
        ("Lee, Ji-eun", "official"),
        ("이지은", "hangul"),
        ("IU 🎤", "other"),
        (awkward, "other"),
    ]
    (record,) = read_json(client)["people"]
    assert [item["spelling"] for item in record["spellings"]] == [row["spelling"] for row in rows]
    assert "이지은".encode() in client.get(JSON_URL).content  # written as UTF-8, not \\u escapes


@pytest.mark.django_db
def test_a_cached_file_is_served_without_queries_and_retired_by_an_edit(
    client, django_assert_num_queries
):
    person = make_person(name="Park Hyung-sik")
    read_csv(client)
    with django_assert_num_queries(0):
        read_csv(client)
    PersonName.objects.create(person=person, name="Hyungsik")
    assert "Hyungsik" in [row["spelling"] for row in read_csv(client)]


@pytest.mark.django_db
@pytest.mark.parametrize("size", [2, 30])
@pytest.mark.parametrize("url", [JSON_URL, CSV_URL])
def test_names_file_queries_do_not_grow_with_the_catalog(
    client, django_assert_num_queries, size, url
):
    """People, their names, their IDs; shows, their titles, their IDs: prevents an N+1."""
    for n in range(size):
        person = make_person(native_name="박형식", alternative_names=[f"Name {n}", f"Other {n}"])
        person.external_ids.create(site="tmdb", value=str(n + 1))
        show = make_show(native_title="사운드트랙", alternative_titles=[f"Title {n}"])
        show.external_ids.create(site="imdb", value=f"tt{n + 1:07d}")
    with django_assert_num_queries(6):
        response = client.get(url)
    assert response.status_code == 200
