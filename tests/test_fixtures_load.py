"""The launch fixtures load cleanly, idempotently and without disturbing other content.

``loaddata`` may be given ``fixtures/catalog.json`` and ``fixtures/writeups.json``
for any database, possibly more than once and possibly next to other content
(``make run`` itself loads them once, through ``load_launch_content``:
tests/test_launch_content.py). These tests prove the promises of the files: every
object is found by its natural key (so a second load updates rows in place instead
of duplicating them), rows the fixtures do not name are left alone, the derived
fields are filled by the signals even though loaddata saves raw, a natural-key
dump of the loaded data rebuilds the same content, tags included, in an empty
database, and a malformed fixture is refused with its file named and nothing of it
kept.
"""

import json

import pytest
from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.management import call_command
from django.core.serializers.base import DeserializationError
from django.db import IntegrityError

from catalog.models import Credit, Person, Show, Song
from reviews.markdown import reading_minutes
from reviews.mentions import render_with_mentions
from reviews.models import WriteUp
from tests.factories import make_person, make_show, make_writeup

FIXTURES = [
    str(settings.BASE_DIR / "fixtures" / name) for name in ("catalog.json", "writeups.json")
]
CONTENT_APPS = ("catalog", "reviews", "taggit")
DUMP_EXCLUDES = ["contenttypes", "auth.permission", "admin", "sessions"]


def load_fixtures():
    call_command("loaddata", *FIXTURES, verbosity=0)


def content_models():
    """Every table of the content apps, the automatic many-to-many tables included.

    Unmanaged models (the per-database search index) are derived data that
    exists on one database engine only; the signals keep them in step.
    """
    for app_label in CONTENT_APPS:
        for model in apps.get_app_config(app_label).get_models(include_auto_created=True):
            if model._meta.managed:
                yield model


def table_rows():
    """Every row of every content table, primary keys included, in a comparable form."""
    return {
        model._meta.label: list(model._base_manager.order_by("pk").values())
        for model in content_models()
    }


def natural_content():
    """The content as natural keys only, so two databases with other pks compare equal."""
    content = {}
    for model in content_models():
        if model._meta.auto_created:
            continue  # Serialised as the many-to-many field of the model that owns it.
        objects = serializers.serialize(
            "python",
            model._base_manager.all(),
            use_natural_foreign_keys=True,
            use_natural_primary_keys=True,
        )
        content[model._meta.label] = sorted(
            json.dumps(obj, sort_keys=True, default=str) for obj in objects
        )
    return content


@pytest.mark.django_db
def test_fixture_objects_carry_no_primary_keys():
    for path in FIXTURES:
        with open(path, encoding="utf-8") as handle:
            objects = json.load(handle)
        assert objects, path
        assert [obj for obj in objects if "pk" in obj] == []


@pytest.mark.django_db
def test_loading_fills_the_derived_fields():
    """loaddata saves raw, skipping Model.save; the signals must still fill these."""
    load_fixtures()

    for writeup in WriteUp.objects.all():
        # Rendered with links to the catalog names it mentions (reviews.mentions).
        assert writeup.body_html == render_with_mentions(writeup)[0], writeup.slug
        assert writeup.mentions.exists(), writeup.slug
        assert writeup.reading_minutes == reading_minutes(writeup.body) > 1
    review = WriteUp.objects.get(slug="k-drama-review-soundtrack-1-2022")
    assert str(review.rating) == "9.70"  # Oppa 4.9 / 5 and Noona 4.8 / 5 on a scale of 10.
    for model in (Show, Person, Credit, Song):
        for obj in model.objects.all():
            assert obj.search_names == obj.compute_search_names(), obj
    assert not Show.objects.filter(search_names="").exists()
    assert not Person.objects.filter(search_names="").exists()
    assert not Credit.objects.exclude(character_name="").filter(search_names="").exists()


def without_versions(rows):
    return {
        label: [{name: value for name, value in row.items() if name != "version"} for row in table]
        for label, table in rows.items()
    }


def versions(rows):
    return {
        label: [row["version"] for row in table if "version" in row]
        for label, table in rows.items()
    }


@pytest.mark.django_db
def test_loading_twice_changes_no_value_and_counts_one_version_per_row():
    """The second load writes the same values again; every save is a version (VersionedModel),
    so each row it rewrote moves on by one and a change form opened before it is stale."""
    load_fixtures()
    first = table_rows()

    load_fixtures()

    second = table_rows()
    assert without_versions(second) == without_versions(first)
    assert versions(first) == {label: [1] * len(table) for label, table in versions(first).items()}
    assert versions(second) == {label: [2] * len(table) for label, table in versions(first).items()}
    assert versions(second)["reviews.WriteUp"] == [2, 2, 2, 2]


@pytest.mark.django_db
def test_loading_leaves_other_content_untouched():
    other_show = make_show(title="Hometown's Embrace", slug="hometowns-embrace", year=2019)
    other_person = make_person(name="Jeon Do-yeon", slug="jeon-do-yeon")
    other_writeup = make_writeup(
        title="A quiet melodrama", slug="a-quiet-melodrama", show=other_show, tags=["melodrama"]
    )
    before = table_rows()

    load_fixtures()

    after = table_rows()
    for label, rows in before.items():
        for row in rows:
            assert row in after[label], f"{label} row changed or vanished: {row}"
    assert Show.objects.filter(pk=other_show.pk, title="Hometown's Embrace").exists()
    assert Person.objects.filter(pk=other_person.pk, name="Jeon Do-yeon").exists()
    assert list(WriteUp.objects.get(pk=other_writeup.pk).tags.names()) == ["melodrama"]
    assert WriteUp.objects.count() == 5


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_natural_key_dump_rebuilds_the_same_content_in_an_empty_database(tmp_path):
    load_fixtures()
    loaded = natural_content()
    dump = tmp_path / "dump.json"
    # The search index tables are unmanaged, derived, and exist on one engine
    # each: dumping them is pointless and fails on the other engine.
    unmanaged = [model._meta.label for model in apps.get_models() if not model._meta.managed]
    call_command(
        "dumpdata",
        natural_foreign=True,
        natural_primary=True,
        exclude=DUMP_EXCLUDES + unmanaged,
        output=str(dump),
        verbosity=0,
    )

    call_command("flush", interactive=False, verbosity=0)
    assert not WriteUp.objects.exists()
    call_command("loaddata", str(dump), verbosity=0)

    assert natural_content() == loaded
    assert sorted(WriteUp.objects.get(slug="soundtrack-1-episode-1-recap").tags.names()) == [
        "cohabitation",
        "friends to lovers",
        "romance",
        "slow burn",
        "unrequited love",
    ]


# Malformed fixtures -------------------------------------------------------------------------


def write_fixture(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def catalog_objects():
    with open(FIXTURES[0], encoding="utf-8") as handle:
        return json.load(handle)


@pytest.mark.django_db
def test_a_truncated_fixture_is_refused_with_its_name_and_loads_nothing(tmp_path):
    with open(FIXTURES[0], encoding="utf-8") as handle:
        text = handle.read()
    path = write_fixture(tmp_path, "cut.json", text[: len(text) // 2])
    before = table_rows()

    with pytest.raises(DeserializationError, match=r"Problem installing fixture .*cut\.json"):
        call_command("loaddata", path, verbosity=0)

    assert table_rows() == before


@pytest.mark.django_db
def test_a_fixture_row_that_breaks_a_constraint_is_refused_and_nothing_is_kept(tmp_path):
    """The whole load is one transaction: the rows before the bad one are not kept."""
    objects = catalog_objects()
    show = next(obj for obj in objects if obj["model"] == "catalog.show")
    show["fields"]["episode_count"] = 0  # catalog_show_episode_count_positive
    path = write_fixture(tmp_path, "bad-count.json", json.dumps(objects, ensure_ascii=False))
    before = table_rows()

    with pytest.raises(
        IntegrityError, match=r"(?s)bad-count\.json.*catalog_show_episode_count_positive"
    ):
        call_command("loaddata", path, verbosity=0)

    assert table_rows() == before
    assert not Show.objects.filter(slug=show["fields"]["slug"]).exists()


@pytest.mark.django_db
def test_write_ups_without_the_catalog_they_name_are_refused_and_nothing_is_kept():
    before = table_rows()

    with pytest.raises(IntegrityError, match=r"(?s)writeups\.json.*show_id"):
        call_command("loaddata", FIXTURES[1], verbosity=0)

    assert table_rows() == before
