"""The ``repair_slugs`` migrations give every stored slug without an address a fresh one.

The database is taken back to just before them (the migrations are found by
name, so renumbering does not matter), rows are written with the slugs the
old code stored, and ``migrate`` brings everything forward again.
"""

import re

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone
from taggit.models import Tag

from catalog.models import Person, Show
from reviews.models import WriteUp

pytestmark = pytest.mark.django_db(transaction=True)


def before_repair(loader, app_label):
    """The migration of ``app_label`` that its ``*_repair_slugs`` migration follows."""
    repair = next(
        key for key in loader.graph.nodes if key[0] == app_label and key[1].endswith("repair_slugs")
    )
    parents = loader.graph.node_map[repair].parents
    return next(parent.key for parent in parents if parent.key[0] == app_label)


@pytest.fixture
def old_apps():
    """The models as they were before the repair; the schema is migrated forward afterwards."""
    loader = MigrationLoader(connection)
    targets = [before_repair(loader, "reviews"), before_repair(loader, "catalog")]
    for app_label, name in targets:
        call_command("migrate", app_label, name, verbosity=0)
    try:
        yield MigrationLoader(connection).project_state(targets).apps
    finally:
        call_command("migrate", verbosity=0)


def test_empty_and_odd_slugs_are_repaired_and_good_ones_kept(old_apps, client):
    OldShow = old_apps.get_model("catalog", "Show")
    OldPerson = old_apps.get_model("catalog", "Person")
    OldWriteUp = old_apps.get_model("reviews", "WriteUp")
    OldTag = old_apps.get_model("taggit", "Tag")
    OldTagged = old_apps.get_model("reviews", "TaggedWriteUp")
    hangul = OldShow.objects.create(title="사운드트랙", slug="")
    kept = OldShow.objects.create(title="Soundtrack", slug="saundeuteuraek")  # already taken
    OldPerson.objects.create(name="박형식", slug="박형식")
    piece = OldWriteUp.objects.create(
        title="💔", slug="", show=hangul, body="Sad.", status="published",
        published_at=timezone.now(),
    )  # fmt: skip
    for name, slug in [("💔", ""), ("!!!", "_1"), ("로맨스", "로맨스"), ("Romance", "romance")]:
        OldTagged.objects.create(
            content_object=piece, tag=OldTag.objects.create(name=name, slug=slug)
        )

    call_command("migrate", verbosity=0)

    assert Show.objects.get(pk=kept.pk).slug == "saundeuteuraek"
    assert Show.objects.get(pk=hangul.pk).slug == "saundeuteuraek-2"
    assert Person.objects.get().slug == "bakhyeongsik"
    assert re.fullmatch(r"writeup-[0-9a-f]{8}", WriteUp.objects.get().slug)
    tags = dict(Tag.objects.values_list("name", "slug"))
    assert re.fullmatch(r"tag-[0-9a-f]{8}", tags["💔"])
    assert re.fullmatch(r"tag-[0-9a-f]{8}", tags["!!!"])
    assert (tags["로맨스"], tags["Romance"]) == ("로맨스", "romance")  # these had addresses
    for url in ["/", "/reviews/", WriteUp.objects.get().get_absolute_url(), "/sitemap-tags.xml"]:
        assert client.get(url).status_code == 200, url
