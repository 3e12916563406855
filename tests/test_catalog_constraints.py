"""The database itself refuses catalog rows that break an invariant.

Rows go in through ``objects.create`` or ``bulk_create``, which skip model
validation, so each test proves the named constraint in the schema does the
refusing, and that a valid row next to the bad one is still accepted.
"""

from datetime import date

import pytest
from django.db import IntegrityError, connection, transaction

from catalog.models import (
    Credit,
    Episode,
    Genre,
    Membership,
    Network,
    Person,
    PersonName,
    Show,
    ShowRelation,
    ShowTitle,
    Song,
    SongCredit,
    SongPerformer,
)

from .factories import make_credit, make_person, make_show, make_song

pytestmark = pytest.mark.django_db


def assert_refused(constraint, create):
    """``create()`` raises IntegrityError, naming ``constraint`` where the database says it.

    PostgreSQL names every violated constraint; SQLite names check
    constraints and lists the columns of unique ones instead.
    """
    with pytest.raises(IntegrityError) as refused, transaction.atomic():
        create()
    message = str(refused.value)
    if connection.vendor == "postgresql" or "CHECK" in message:
        assert constraint in message


@pytest.mark.parametrize(
    ("model", "constraint", "name_field"),
    [
        (Show, "catalog_show_unique_slug", "title"),
        (Person, "catalog_person_unique_slug", "name"),
        (Song, "catalog_song_unique_slug", "title"),
        (Network, "catalog_network_unique_slug", "name"),
        (Genre, "catalog_genre_unique_slug", "name"),
    ],
)
def test_slugs_are_unique(model, constraint, name_field):
    model.objects.create(slug="taken", **{name_field: "First"})
    second = model.objects.create(slug="second", **{name_field: "Second"})
    # An update skips save() (and the old-address bookkeeping): the database itself refuses.
    assert_refused(constraint, lambda: model.objects.filter(pk=second.pk).update(slug="taken"))
    with pytest.raises(IntegrityError), transaction.atomic():
        model.objects.create(slug="taken", **{name_field: "Third"})
    model.objects.create(slug="taken-2", **{name_field: "Third"})
    assert model.objects.count() == 3


@pytest.mark.parametrize(
    ("model", "constraint"),
    [
        (Network, "catalog_network_unique_name"),
        (Genre, "catalog_genre_unique_name"),
    ],
)
def test_network_and_genre_names_are_unique(model, constraint):
    model.objects.create(name="Romance", slug="romance")
    assert_refused(constraint, lambda: model.objects.create(name="Romance", slug="romance-2"))
    model.objects.create(name="Romance comedy", slug="romance-comedy")


def test_episode_numbers_are_unique_per_show():
    show, other = make_show(), make_show()
    Episode.objects.create(show=show, number=1)
    assert_refused(
        "catalog_episode_unique_number_per_show",
        lambda: Episode.objects.create(show=show, number=1),
    )
    Episode.objects.create(show=other, number=1)
    Episode.objects.create(show=show, number=2)


def test_episode_numbers_start_at_one():
    show = make_show()
    assert_refused(
        "catalog_episode_number_positive",
        lambda: Episode.objects.bulk_create([Episode(show=show, number=0)]),
    )
    Episode.objects.bulk_create([Episode(show=show, number=1)])


def test_episode_runtime_is_above_zero_when_given():
    show = make_show()
    assert_refused(
        "catalog_episode_runtime_positive",
        lambda: Episode.objects.create(show=show, number=1, runtime_minutes=0),
    )
    Episode.objects.create(show=show, number=1, runtime_minutes=1)
    Episode.objects.create(show=show, number=2, runtime_minutes=None)


@pytest.mark.parametrize(
    ("field", "constraint"),
    [
        ("episode_count", "catalog_show_episode_count_positive"),
        ("runtime_minutes", "catalog_show_runtime_positive"),
    ],
)
def test_show_counts_are_above_zero_when_given(field, constraint):
    assert_refused(
        constraint,
        lambda: Show.objects.bulk_create([Show(title="Zero", slug="zero", **{field: 0})]),
    )
    Show.objects.bulk_create([Show(title="One", slug="one", **{field: 1})])


@pytest.mark.parametrize("year", [1899, 2101, 0])
def test_show_year_outside_1900_to_2100_is_refused(year):
    assert_refused(
        "catalog_show_year_in_range",
        lambda: Show.objects.bulk_create([Show(title="Odd", slug="odd", year=year)]),
    )


@pytest.mark.parametrize("year", [1900, 2100, None])
def test_show_year_inside_range_or_unknown_is_accepted(year):
    Show.objects.bulk_create([Show(title="Fine", slug="fine", year=year)])
    assert Show.objects.get(slug="fine").year == year


def test_premiere_date_year_is_checked_too():
    """A premiere date outside the range gives a refused year, not a silently odd show."""
    assert_refused(
        "catalog_show_year_in_range",
        lambda: Show.objects.create(title="Old", slug="old", premiere_date=date(1850, 1, 1)),
    )


def test_a_credit_is_unique_per_show_person_role_and_character():
    credit = make_credit(character_name="Han Seon-woo")
    assert_refused(
        "catalog_credit_unique",
        lambda: Credit.objects.bulk_create(
            [Credit(show=credit.show, person=credit.person, character_name="Han Seon-woo")]
        ),
    )
    # A dual role, and a job on the same show, are other credits.
    Credit.objects.create(show=credit.show, person=credit.person, character_name="His twin")
    Credit.objects.create(show=credit.show, person=credit.person, role=Credit.Role.DIRECTOR)


@pytest.mark.parametrize(
    "cast_only",
    [
        {"billing": Credit.Billing.LEAD},
        {"character_name": "Han Seon-woo"},
        {"character_aliases": "Han Sun-woo"},
    ],
)
def test_a_crew_credit_has_no_billing_or_character(cast_only):
    show, person = make_show(), make_person()
    assert_refused(
        "catalog_credit_crew_has_no_character",
        lambda: Credit.objects.bulk_create(
            [Credit(show=show, person=person, role=Credit.Role.DIRECTOR, **cast_only)]
        ),
    )
    Credit.objects.bulk_create([Credit(show=show, person=person, role=Credit.Role.DIRECTOR)])
    Credit.objects.bulk_create(
        [Credit(show=show, person=person, role=Credit.Role.CAST, **cast_only)]
    )


def test_a_show_is_not_related_to_itself():
    show, other = make_show(), make_show()
    assert_refused(
        "catalog_showrelation_not_self",
        lambda: ShowRelation.objects.create(show=show, related_show=show, kind="sequel"),
    )
    ShowRelation.objects.create(show=show, related_show=other, kind="sequel")


def test_two_shows_are_related_once_each_way():
    show, sequel = make_show(), make_show()
    ShowRelation.objects.create(show=show, related_show=sequel, kind="sequel")
    assert_refused(
        "catalog_showrelation_unique_pair",
        lambda: ShowRelation.objects.create(show=show, related_show=sequel, kind="remake"),
    )
    ShowRelation.objects.create(show=sequel, related_show=show, kind="remake")


def test_a_group_is_not_its_own_member():
    group, member = make_person(kind=Person.Kind.GROUP), make_person()
    assert_refused(
        "catalog_membership_not_self",
        lambda: Membership.objects.create(group=group, member=group),
    )
    Membership.objects.create(group=group, member=member)


def test_a_member_belongs_to_a_group_once():
    group, member = make_person(kind=Person.Kind.GROUP), make_person()
    Membership.objects.create(group=group, member=member)
    assert_refused(
        "catalog_membership_unique",
        lambda: Membership.objects.create(group=group, member=member),
    )
    Membership.objects.create(group=make_person(kind=Person.Kind.GROUP), member=member)


def test_song_part_numbers_are_unique_per_show():
    show = make_show()
    make_song(show=show, part_number=1)
    assert_refused(
        "catalog_song_unique_part_per_show",
        lambda: Song.objects.create(title="Clash", slug="clash", show=show, part_number=1),
    )
    Song.objects.create(title="Next", slug="next", show=show, part_number=2)
    Song.objects.create(title="Elsewhere", slug="elsewhere", show=make_show(), part_number=1)
    # The uniqueness is conditional: songs without a part, or without a show, never clash.
    Song.objects.create(title="Bonus A", slug="bonus-a", show=show)
    Song.objects.create(title="Bonus B", slug="bonus-b", show=show)
    Song.objects.create(title="Single A", slug="single-a", part_number=1)
    Song.objects.create(title="Single B", slug="single-b", part_number=1)


def test_song_part_numbers_start_at_one():
    assert_refused(
        "catalog_song_part_number_positive",
        lambda: Song.objects.bulk_create([Song(title="Zero", slug="zero", part_number=0)]),
    )
    Song.objects.bulk_create([Song(title="One", slug="one", part_number=1)])


def test_a_person_has_each_alternative_name_once():
    person, other = make_person(), make_person()
    PersonName.objects.create(person=person, name="Hyungsik")
    assert_refused(
        "catalog_personname_unique_per_person",
        lambda: PersonName.objects.create(person=person, name="Hyungsik"),
    )
    PersonName.objects.create(person=other, name="Hyungsik")


def test_a_show_has_each_alternative_title_once():
    show, other = make_show(), make_show()
    ShowTitle.objects.create(show=show, title="Saundeuteuraek #1")
    assert_refused(
        "catalog_showtitle_unique_per_show",
        lambda: ShowTitle.objects.create(show=show, title="Saundeuteuraek #1"),
    )
    ShowTitle.objects.create(show=other, title="Saundeuteuraek #1")


def test_a_performer_is_credited_once_per_song():
    singer = make_person()
    song = make_song(performers=[singer])
    assert_refused(
        "catalog_songperformer_unique",
        lambda: SongPerformer.objects.create(song=song, person=singer, order=1),
    )
    SongPerformer.objects.create(song=song, person=make_person(), order=1)


def test_a_song_credit_is_unique_per_person_and_role():
    song, writer = make_song(), make_person()
    SongCredit.objects.create(song=song, person=writer, role=SongCredit.Role.LYRICIST)
    assert_refused(
        "catalog_songcredit_unique",
        lambda: SongCredit.objects.create(song=song, person=writer, role=SongCredit.Role.LYRICIST),
    )
    SongCredit.objects.create(song=song, person=writer, role=SongCredit.Role.COMPOSER)
