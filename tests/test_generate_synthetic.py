"""``generate_synthetic`` builds a realistic, clearly marked data set and removes only it.

Bulk inserts skip ``save()`` and signals, so these tests check every derived
field against what the models themselves compute, and search against the
index the command fills.
"""

import re

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone
from taggit.models import Tag

from catalog.models import Credit, Person, PersonName, Show, Song
from reviews.markdown import reading_minutes, render_markdown
from reviews.models import WriteUp
from tools.synthetic import NOTE, SCALES

from .factories import make_person, make_show, make_writeup
from .test_search_index import index_in_step

pytestmark = pytest.mark.django_db

HANGUL = re.compile(r"[\uac00-\ud7a3]")


def generate(**options):
    call_command("generate_synthetic", scale="tiny", stdout=None, **options)


def synthetic(model):
    return model.objects.filter(slug__startswith="syn-")


def snapshot():
    """Everything a seed decides, without primary keys (which the database decides)."""
    return (
        list(synthetic(Show).order_by("slug").values_list("slug", "native_title", "year")),
        list(synthetic(Person).order_by("slug").values_list("slug", "native_name", "kind")),
        sorted(PersonName.objects.values_list("person__slug", "name")),
        sorted(Credit.objects.values_list("show__slug", "person__slug", "role", "character_name")),
        list(synthetic(WriteUp).order_by("slug").values_list("slug", "status", "rating")),
        sorted(synthetic(WriteUp).values_list("slug", "tags__name")),
    )


def test_tiny_scale_makes_the_counts_it_promises():
    generate()
    tiny = SCALES["tiny"]
    assert synthetic(Show).count() == tiny.shows
    assert synthetic(Person).count() == tiny.people
    assert Credit.objects.filter(show__slug__startswith="syn-").count() == tiny.credits
    assert synthetic(Song).count() == tiny.songs
    assert synthetic(WriteUp).count() == tiny.writeups


def test_explicit_counts_override_the_scale():
    generate(shows=7, people=30, credits=40, songs=5, writeups=12)
    assert synthetic(Show).count() == 7
    assert synthetic(WriteUp).count() == 12


def test_derived_fields_are_what_the_models_compute():
    generate()
    for model in (Show, Person, Song):
        rows = synthetic(model)
        assert all(row.search_names == row.compute_search_names() for row in rows), model
        assert all(row.search_names for row in rows), model
    credits = Credit.objects.filter(show__slug__startswith="syn-")
    assert all(credit.search_names == credit.compute_search_names() for credit in credits)
    assert all(show.year == show.premiere_date.year for show in synthetic(Show))
    writeups = synthetic(WriteUp).prefetch_related("scores")
    assert any(writeup.rating is not None for writeup in writeups)
    for writeup in writeups:
        assert writeup.body_html == render_markdown(writeup.body)
        assert writeup.reading_minutes == reading_minutes(writeup.body)
        assert writeup.rating == writeup.compute_rating()


def test_the_data_set_looks_like_a_catalog():
    generate()
    now = timezone.now()
    writeups = synthetic(WriteUp)
    assert writeups.filter(status=WriteUp.Status.DRAFT).exists()
    assert writeups.filter(status=WriteUp.Status.PUBLISHED, published_at__gt=now).exists()
    assert writeups.filter(kind=WriteUp.Kind.RECAP, episode__isnull=False).exists()
    per_show = sorted((show.writeups.count() for show in synthetic(Show)), reverse=True)
    assert per_show[0] >= 5 * per_show[len(per_show) // 2], "a few shows get most write-ups"
    assert all(HANGUL.search(show.native_title) for show in synthetic(Show))
    assert all(HANGUL.search(person.native_name) for person in synthetic(Person))
    groups = synthetic(Person).filter(kind=Person.Kind.GROUP)
    assert groups and all(group.member_links.count() >= 2 for group in groups)
    assert all(song.performances.exists() for song in synthetic(Song))
    several = [person for person in synthetic(Person) if person.alternative_names.count() >= 2]
    assert several, "people with several romanizations"


def test_everything_synthetic_says_so():
    generate()
    assert {writeup.outlet.name for writeup in synthetic(WriteUp)} == {"Synthetic data"}
    assert all(NOTE in show.synopsis for show in synthetic(Show))
    assert all(NOTE in person.bio for person in synthetic(Person))
    assert all(NOTE in writeup.body for writeup in synthetic(WriteUp))


def test_search_finds_a_synthetic_person_by_another_spelling(client):
    generate()
    spelling = PersonName.objects.filter(person__slug__startswith="syn-").first()
    response = client.get(reverse("reviews:search"), {"q": spelling.name, "type": "people"})
    assert spelling.person.get_absolute_url() in response.content.decode()


def test_search_finds_synthetic_write_ups_in_the_index(client):
    generate()
    writeup = synthetic(WriteUp).published().filter(kind=WriteUp.Kind.RECAP).first()
    response = client.get(reverse("reviews:search"), {"q": writeup.title, "type": "writeups"})
    assert writeup.get_absolute_url() in response.content.decode()
    assert index_in_step(), "every write-up indexed, no stray entry"


def test_clear_removes_only_synthetic_rows():
    real_show = make_show(title="Soundtrack #1")
    real_person = make_person(name="Park Hyung-sik")
    real_writeup = make_writeup(show=real_show, tags=["slow burn", "romance"])
    before = (Show.objects.count(), Person.objects.count(), WriteUp.objects.count())
    generate()
    assert Show.objects.count() > before[0]

    call_command("generate_synthetic", clear=True, stdout=None)

    assert (Show.objects.count(), Person.objects.count(), WriteUp.objects.count()) == before
    assert Person.objects.filter(pk=real_person.pk).exists()
    assert set(real_writeup.tags.names()) == {"slow burn", "romance"}
    assert not Tag.objects.filter(slug__startswith="syn-").exists()
    assert index_in_step(), "no index entry left behind"


def test_the_same_seed_makes_the_same_data_and_another_seed_does_not():
    generate(seed=5)
    first = snapshot()
    call_command("generate_synthetic", clear=True, stdout=None)
    generate(seed=5)
    assert snapshot() == first
    call_command("generate_synthetic", clear=True, stdout=None)
    generate(seed=6)
    assert snapshot() != first


def test_generating_over_existing_synthetic_data_is_refused():
    generate()
    with pytest.raises(CommandError, match="--clear"):
        generate()
