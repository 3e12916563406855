"""IDs at MyDramaList, TMDB, IMDb and Wikidata: checked, unique, edited in the admin, published.

The IDs here are made up for the tests (the launch content carries none); each
has the shape its site gives its IDs.
"""

import pytest
from django.contrib.auth.models import Group, User
from django.db import IntegrityError, connection, transaction
from django.test import Client
from django.urls import reverse
from reversion.models import Version

from catalog.models import Person, PersonExternalID, Show, ShowExternalID
from tests.admin_helpers import add_inline_rows, admin_form_data, error_messages
from tests.factories import make_person, make_show
from tests.html_tree import parse_html
from tests.json_ld import the_json_ld

pytestmark = pytest.mark.django_db

# (site, a well-formed ID, its address, IDs of the wrong shape)
SHOW_IDS = [
    ("mydramalist", "12345-some-title", "https://mydramalist.com/12345-some-title",
     ["12345", "some-title", "people/12345-some-title", "12345-Some-Title"]),
    ("tmdb", "tv/1234", "https://www.themoviedb.org/tv/1234",
     ["1234", "tv/0123", "person/1234", "tv/1234-some-title"]),
    ("imdb", "tt1234567", "https://www.imdb.com/title/tt1234567/",
     ["nm1234567", "tt123456", "1234567", "tt1234567/"]),
    ("wikidata", "Q12345", "https://www.wikidata.org/wiki/Q12345", ["Q0", "q12345", "12345"]),
]  # fmt: skip
PERSON_IDS = [
    ("mydramalist", "people/12345-some-name", "https://mydramalist.com/people/12345-some-name",
     ["12345-some-name", "people/12345", "people/some-name"]),
    ("tmdb", "1234", "https://www.themoviedb.org/person/1234", ["tv/1234", "0", "-1", "12a"]),
    ("imdb", "nm1234567", "https://www.imdb.com/name/nm1234567/", ["tt1234567", "nm12345"]),
    ("wikidata", "Q7", "https://www.wikidata.org/wiki/Q7", ["Q", "P7"]),
]  # fmt: skip
# Addresses an editor may paste, the ID each holds: the admin stores the ID, never the address.
SHOW_ADDRESSES = [
    ("mydramalist", "https://mydramalist.com/12345-some-title/cast", "12345-some-title"),
    ("tmdb", "https://www.themoviedb.org/tv/1234-some-title?language=en-US", "tv/1234"),
    ("tmdb", "http://themoviedb.org/movie/99", "movie/99"),
    ("imdb", "https://www.imdb.com/title/tt1234567/?ref_=nv_sr_srsg_0", "tt1234567"),
    ("wikidata", "https://www.wikidata.org/wiki/Q12345#P345", "Q12345"),
]
PERSON_ADDRESSES = [
    ("mydramalist", "https://mydramalist.com/people/12345-some-name", "people/12345-some-name"),
    ("tmdb", "https://www.themoviedb.org/person/1234-some-name", "1234"),
    ("imdb", "https://www.imdb.com/name/nm1234567/", "nm1234567"),
]
BAD_SHOW_IDS = [(site, bad) for site, _, _, bads in SHOW_IDS for bad in bads]
BAD_PERSON_IDS = [(site, bad) for site, _, _, bads in PERSON_IDS for bad in bads]


def assert_refused(constraint, create):
    """``create()`` raises IntegrityError, naming ``constraint`` where the database says it."""
    with pytest.raises(IntegrityError) as refused, transaction.atomic():
        create()
    message = str(refused.value)
    if connection.vendor == "postgresql" or "CHECK" in message:
        assert constraint in message


def admin_url(obj, action="change"):
    args = (obj.pk,) if action == "change" else ()
    return reverse(f"admin:catalog_{obj._meta.model_name}_{action}", args=args)


# The database -----------------------------------------------------------------------------


@pytest.mark.parametrize(("site", "value"), BAD_SHOW_IDS)
def test_database_refuses_a_show_id_of_the_wrong_shape(site, value):
    show = make_show()
    assert_refused(
        "catalog_showexternalid_value_shape",
        lambda: ShowExternalID.objects.create(show=show, site=site, value=value),
    )


@pytest.mark.parametrize(("site", "value"), BAD_PERSON_IDS)
def test_database_refuses_a_person_id_of_the_wrong_shape(site, value):
    person = make_person()
    assert_refused(
        "catalog_personexternalid_value_shape",
        lambda: PersonExternalID.objects.create(person=person, site=site, value=value),
    )


@pytest.mark.parametrize(("site", "address", "_"), SHOW_ADDRESSES)
def test_database_refuses_an_address_in_place_of_an_id(site, address, _):
    show = make_show()
    assert_refused(
        "catalog_showexternalid_value_shape",
        lambda: ShowExternalID.objects.create(show=show, site=site, value=address),
    )


def test_database_refuses_a_site_it_does_not_know():
    show = make_show()
    assert_refused(
        "catalog_showexternalid_value_shape",
        lambda: ShowExternalID.objects.create(show=show, site="hancinema", value="Q1"),
    )


def test_database_accepts_every_well_formed_id():
    show, person = make_show(), make_person()
    for site, value, _, _ in SHOW_IDS:
        ShowExternalID.objects.create(show=show, site=site, value=value)
    for site, value, _, _ in PERSON_IDS:
        PersonExternalID.objects.create(person=person, site=site, value=value)
    ShowExternalID.objects.create(show=make_show(), site="tmdb", value="movie/99")
    assert show.external_ids.count() == person.external_ids.count() == 4


def test_an_id_belongs_to_one_show_and_one_person_at_most():
    first, second = make_show(), make_show()
    ShowExternalID.objects.create(show=first, site="wikidata", value="Q42")
    assert_refused(
        "catalog_showexternalid_unique_value",
        lambda: ShowExternalID.objects.create(show=second, site="wikidata", value="Q42"),
    )
    PersonExternalID.objects.create(person=make_person(), site="imdb", value="nm0000042")
    assert_refused(
        "catalog_personexternalid_unique_value",
        lambda: PersonExternalID.objects.create(
            person=make_person(), site="imdb", value="nm0000042"
        ),
    )


def test_a_show_has_one_id_at_each_site():
    show = make_show()
    ShowExternalID.objects.create(show=show, site="imdb", value="tt0000042")
    assert_refused(
        "catalog_showexternalid_one_per_site",
        lambda: ShowExternalID.objects.create(show=show, site="imdb", value="tt0000043"),
    )


def test_with_external_id_finds_the_show_or_person_by_its_id_at_a_site():
    show, other = make_show(), make_show()
    ShowExternalID.objects.create(show=show, site="tmdb", value="tv/1234")
    ShowExternalID.objects.create(show=other, site="wikidata", value="Q1234")
    person = make_person()
    PersonExternalID.objects.create(person=person, site="tmdb", value="1234")

    assert list(Show.objects.with_external_id("tmdb", "tv/1234")) == [show]
    assert list(Show.objects.with_external_id("tmdb", "1234")) == []
    assert list(Show.objects.with_external_id("imdb", "tv/1234")) == []
    assert list(Person.objects.with_external_id("tmdb", "1234")) == [person]


# The admin --------------------------------------------------------------------------------


@pytest.mark.parametrize(("site", "value"), BAD_SHOW_IDS)
def test_admin_explains_a_show_id_of_the_wrong_shape_and_keeps_the_form(admin_client, site, value):
    show = make_show(title="Soundtrack #1")
    data = admin_form_data(admin_client.get(admin_url(show)), title="Soundtrack #1 (edited)")
    add_inline_rows(data, "external_ids", {"site": site, "value": value})

    response = admin_client.post(admin_url(show), data)

    assert response.status_code == 200
    example = {name: good for name, good, _, _ in SHOW_IDS}[site]
    assert any(f"looks like “{example}”" in message for message in error_messages(response))
    assert value in response.content.decode()  # what was typed is still in the form
    assert not ShowExternalID.objects.exists()
    assert Show.objects.get().title == "Soundtrack #1"


@pytest.mark.parametrize(("site", "value"), BAD_PERSON_IDS)
def test_admin_explains_a_person_id_of_the_wrong_shape(admin_client, site, value):
    person = make_person()
    data = admin_form_data(admin_client.get(admin_url(person)))
    add_inline_rows(data, "external_ids", {"site": site, "value": value})

    response = admin_client.post(admin_url(person), data)

    assert response.status_code == 200
    assert any("ID for a person looks like" in message for message in error_messages(response))
    assert not PersonExternalID.objects.exists()


@pytest.mark.parametrize(
    ("owner", "site", "address", "expected"),
    [("show", *row) for row in SHOW_ADDRESSES] + [("person", *row) for row in PERSON_ADDRESSES],
)
def test_admin_takes_the_id_out_of_a_pasted_address(admin_client, owner, site, address, expected):
    obj = make_show() if owner == "show" else make_person()
    data = admin_form_data(admin_client.get(admin_url(obj)))
    add_inline_rows(data, "external_ids", {"site": site, "value": address})

    response = admin_client.post(admin_url(obj), data)

    assert response.status_code == 302, error_messages(response)
    assert list(obj.external_ids.values_list("site", "value")) == [(site, expected)]


def test_admin_refuses_an_address_of_another_site_or_kind(admin_client):
    show = make_show()
    data = admin_form_data(admin_client.get(admin_url(show)))
    add_inline_rows(
        data,
        "external_ids",
        {"site": "tmdb", "value": "https://www.imdb.com/title/tt1234567/"},
        {"site": "imdb", "value": "https://www.imdb.com/name/nm1234567/"},
    )

    response = admin_client.post(admin_url(show), data)

    assert response.status_code == 200
    assert len(error_messages(response)) == 2
    assert show.external_ids.count() == 0


def test_admin_saves_ids_on_the_show_form_as_part_of_the_shows_version(admin_client):
    show = make_show()
    data = admin_form_data(admin_client.get(admin_url(show)))
    add_inline_rows(
        data,
        "external_ids",
        *({"site": site, "value": f"  {value} "} for site, value, _, _ in SHOW_IDS),
    )

    response = admin_client.post(admin_url(show), data)

    assert response.status_code == 302, error_messages(response)
    stored = dict(show.external_ids.values_list("site", "value"))
    assert stored == {site: value for site, value, _, _ in SHOW_IDS}
    version = Version.objects.get_for_object(show).first()
    kept = version.revision.version_set.filter(content_type__model="showexternalid")
    assert kept.count() == 4


def test_admin_adds_and_removes_a_persons_ids(admin_client):
    person = make_person()
    PersonExternalID.objects.create(person=person, site="imdb", value="nm0000001")
    data = admin_form_data(admin_client.get(admin_url(person)))
    data["external_ids-0-DELETE"] = "on"
    add_inline_rows(data, "external_ids", {"site": "wikidata", "value": "Q99"})

    response = admin_client.post(admin_url(person), data)

    assert response.status_code == 302, error_messages(response)
    assert list(person.external_ids.values_list("site", "value")) == [("wikidata", "Q99")]


def test_admin_refuses_an_id_another_show_has(admin_client):
    make_show().external_ids.create(site="imdb", value="tt7654321")
    show = make_show()
    data = admin_form_data(admin_client.get(admin_url(show)))
    add_inline_rows(data, "external_ids", {"site": "imdb", "value": "tt7654321"})

    response = admin_client.post(admin_url(show), data)

    assert response.status_code == 200
    assert "Another show already has this ID." in error_messages(response)
    assert show.external_ids.count() == 0


def test_admin_refuses_two_ids_at_one_site_for_one_person(admin_client):
    person = make_person()
    data = admin_form_data(admin_client.get(admin_url(person)))
    add_inline_rows(
        data,
        "external_ids",
        {"site": "imdb", "value": "nm0000001"},
        {"site": "imdb", "value": "nm0000002"},
    )

    response = admin_client.post(admin_url(person), data)

    assert response.status_code == 200
    assert error_messages(response)
    assert person.external_ids.count() == 0


def editor_client(name):
    user = User.objects.create_user(name, is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    client = Client()
    client.force_login(user)
    return client


def test_an_editor_adding_an_id_on_a_stale_show_form_overwrites_nothing():
    """Editors may edit IDs, and the show's version check covers them like any inline."""
    alice, bora = editor_client("alice"), editor_client("bora")
    show = make_show()
    form_a = admin_form_data(alice.get(admin_url(show)))
    form_b = admin_form_data(bora.get(admin_url(show)))
    add_inline_rows(form_a, "external_ids", {"site": "wikidata", "value": "Q12345"})
    saved = alice.post(admin_url(show), form_a)
    assert saved.status_code == 302, error_messages(saved)

    add_inline_rows(form_b, "external_ids", {"site": "imdb", "value": "tt1234567"})
    refused = bora.post(admin_url(show), form_b)

    assert refused.status_code == 200
    assert list(show.external_ids.values_list("site", "value")) == [("wikidata", "Q12345")]
    assert "tt1234567" in refused.content.decode()  # Bora's ID is still in Bora's form


# The pages --------------------------------------------------------------------------------


def elsewhere_links(client, url):
    """(text, href, rel) of each "Elsewhere" link on the page."""
    response = client.get(url)
    assert response.status_code == 200
    lists = parse_html(response.content).find_all("ul", class_="elsewhere")
    return [
        (link.text, link.attrs["href"], link.attrs["rel"])
        for found in lists
        for link in found.find_all("a")
    ]


def test_show_page_links_its_ids_in_site_order_and_names_them_as_same_as(client):
    show = make_show()
    for site, value, _, _ in reversed(SHOW_IDS):
        show.external_ids.create(site=site, value=value)
    addresses = [address for _, _, address, _ in SHOW_IDS]

    links = elsewhere_links(client, show.get_absolute_url())

    assert [text for text, _, _ in links] == ["MyDramaList", "TMDB", "IMDb", "Wikidata"]
    assert [href for _, href, _ in links] == addresses
    assert {rel for _, _, rel in links} == {"external noopener"}
    assert the_json_ld(client, show.get_absolute_url())["sameAs"] == addresses


def test_person_page_links_its_ids_and_names_them_as_same_as(client):
    person = make_person()
    for site, value, _, _ in PERSON_IDS[1:]:
        person.external_ids.create(site=site, value=value)
    addresses = [address for _, _, address, _ in PERSON_IDS[1:]]

    assert [href for _, href, _ in elsewhere_links(client, person.get_absolute_url())] == addresses
    assert the_json_ld(client, person.get_absolute_url())["sameAs"] == addresses


def test_pages_without_ids_say_nothing_about_elsewhere(client):
    show, person = make_show(), make_person()
    for url in (show.get_absolute_url(), person.get_absolute_url()):
        assert elsewhere_links(client, url) == []
        assert "Elsewhere" not in client.get(url).content.decode()
        assert "sameAs" not in the_json_ld(client, url)
