"""Restarting the site never undoes editors' work; the launch content is restored only on request.

``make run`` runs ``make setup`` before serving, on every start: the
restart test runs exactly the commands of the Makefile's setup target, in
its order, twice, with editors' work in between. ``load_launch_content
--add-missing`` and ``--overwrite`` are the deliberate repairs.
"""

import shlex
from decimal import Decimal
from io import StringIO

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.management import call_command

from catalog.models import Credit, Person, Show
from reviews.models import Score, WriteUp
from reviews_site.models import LoadedContent
from tests.factories import make_writeup
from tests.image_files import image_bytes
from tests.launch_fixtures import FIXTURES

pytestmark = pytest.mark.django_db

CAST = "the-cast-of-soundtrack-1"
REVIEW = "k-drama-review-soundtrack-1-2022"
BINGE = "the-weekend-binge-soundtrack-1"
RECAP = "soundtrack-1-episode-1-recap"


def setup_commands():
    """The ``manage.py`` commands of the Makefile's ``setup`` target, in their order."""
    recipe = (settings.BASE_DIR / "Makefile").read_text().split("\nsetup:", 1)[1]
    commands = []
    for line in recipe.splitlines()[1:]:
        if not line.startswith("\t"):
            break
        commands.append(shlex.split(line.split("manage.py", 1)[1]))
    return commands


def run_setup():
    out = StringIO()
    for command in setup_commands():
        call_command(*command, stdout=out, stderr=StringIO())
    return out.getvalue()


def launch_content(*options):
    out = StringIO()
    call_command("load_launch_content", *options, stdout=out)
    return out.getvalue()


def writeup(slug):
    return WriteUp.objects.get(slug=slug)


def test_the_setup_target_loads_the_launch_content_with_this_command():
    assert ["load_launch_content"] in setup_commands()
    assert setup_commands()[0][0] == "migrate"


def test_restarting_keeps_every_edit_unpublish_and_deletion(client):
    assert "Loaded the launch content" in run_setup()
    assert WriteUp.objects.published().count() == 4
    # An editor's day: a new title, tags cleared, a score changed, a piece taken down,
    # a piece and a show deleted, a synopsis rewritten, a poster added.
    cast = writeup(CAST)
    cast.title = "The cast of Soundtrack #1, revisited"
    cast.save()
    cast.tags.clear()
    Score.objects.filter(writeup__slug=REVIEW, label="Oppa").update(value=Decimal("3.50"))
    writeup(REVIEW).refresh_rating()
    binge = writeup(BINGE)
    binge.status = WriteUp.Status.DRAFT
    binge.save()
    writeup(RECAP).delete()
    Show.objects.get(slug="soundtrack-2").delete()
    show = Show.objects.get(slug="soundtrack-1")
    show.synopsis = "Rewritten by an editor."
    show.poster.save("poster.png", ContentFile(image_bytes("PNG", size=(60, 90))))
    poster_name = show.poster.name

    second = run_setup()

    assert "nothing to do" in second
    cast = writeup(CAST)
    assert cast.title == "The cast of Soundtrack #1, revisited"
    assert list(cast.tags.all()) == []
    assert writeup(REVIEW).scores.get(label="Oppa").value == Decimal("3.50")
    assert writeup(BINGE).status == WriteUp.Status.DRAFT
    assert not WriteUp.objects.filter(slug=RECAP).exists()
    assert not Show.objects.filter(slug="soundtrack-2").exists()
    show = Show.objects.get(slug="soundtrack-1")
    assert show.synopsis == "Rewritten by an editor."
    assert show.poster.name == poster_name
    assert client.get(f"/reviews/{BINGE}/").status_code == 404
    assert client.get(f"/reviews/{RECAP}/").status_code == 404


def test_a_database_loaded_before_loads_were_recorded_is_recorded_without_loading():
    call_command("loaddata", *FIXTURES, verbosity=0)  # what `make run` used to do
    writeup(RECAP).delete()
    review = writeup(REVIEW)
    review.title = "Edited before the upgrade"
    review.save()

    output = run_setup()

    assert "already holds 87 of the 88 launch rows" in output
    assert LoadedContent.objects.get().how == LoadedContent.How.FOUND
    assert not WriteUp.objects.filter(slug=RECAP).exists()
    assert writeup(REVIEW).title == "Edited before the upgrade"
    assert "nothing to do" in run_setup()


def test_loading_into_an_empty_database_is_what_loaddata_gives():
    launch_content()
    by_command = {
        model.__name__: model.objects.count() for model in (Show, Person, Credit, WriteUp, Score)
    }
    assert by_command == {"Show": 44, "Person": 19, "Credit": 52, "WriteUp": 4, "Score": 2}
    assert LoadedContent.objects.get().how == LoadedContent.How.LOADED


# --add-missing ----------------------------------------------------------------------------


@pytest.fixture
def edited():
    """The launch content after an editor's work, renames included."""
    launch_content()
    writeup(BINGE).delete()  # with its byline and tag links
    Score.objects.get(writeup__slug=REVIEW, label="Noona").delete()
    cast = writeup(CAST)
    cast.title = "Edited title"
    cast.save()
    show = Show.objects.get(slug="soundtrack-1")
    show.slug = "soundtrack-no-1"
    show.save()


def test_add_missing_adds_a_deleted_piece_back_with_its_parts_and_changes_nothing_else(
    client, edited
):
    output = launch_content("--add-missing")

    binge = writeup(BINGE)
    assert f"write-up {BINGE}" in output
    assert f"byline {BINGE} / uzumakushina" in output
    assert f"tag on a write-up {BINGE} / romance" in output
    assert sorted(binge.tags.names()) == [
        "cohabitation",
        "friends to lovers",
        "ost",
        "romance",
        "short series",
        "unrequited love",
    ]
    assert binge.show.slug == "soundtrack-no-1"  # found through its old slug, not duplicated
    assert Show.objects.count() == 44
    assert client.get(f"/reviews/{BINGE}/").status_code == 200
    # What exists is left as it is, and what an editor removed from it stays removed.
    assert writeup(CAST).title == "Edited title"
    assert not Score.objects.filter(writeup__slug=REVIEW, label="Noona").exists()
    assert f"score {REVIEW} / Noona (removed from a row that exists; kept removed)" in output
    assert "Left as it was: 185 launch row(s) that exist" in output


def test_add_missing_finds_an_episode_under_its_renamed_show(edited):
    writeup(RECAP).delete()

    launch_content("--add-missing")

    recap = writeup(RECAP)
    assert (recap.episode.show.slug, recap.episode.number) == ("soundtrack-no-1", 1)


def test_add_missing_twice_adds_nothing_the_second_time(edited):
    launch_content("--add-missing")

    assert "Added 0 missing launch row(s)" in launch_content("--add-missing")


def test_a_dry_run_says_what_it_would_add_and_changes_nothing(edited):
    output = launch_content("--add-missing", "--dry-run")

    assert f"Would add 8 missing launch row(s):\n  write-up {BINGE}" in output
    assert not WriteUp.objects.filter(slug=BINGE).exists()


# --overwrite --------------------------------------------------------------------------------


def test_overwrite_puts_the_launch_values_back_and_says_what_it_replaced(edited):
    binge_was_draft = writeup(RECAP)
    binge_was_draft.status = WriteUp.Status.DRAFT
    binge_was_draft.save()
    writeup(CAST).tags.add("editor's own tag")
    show = Show.objects.get(slug="soundtrack-no-1")
    show.poster.save("poster.png", ContentFile(image_bytes("PNG", size=(60, 90))))
    own = make_writeup(slug="an-editors-own-piece", show=show)

    output = launch_content("--overwrite")

    assert f"write-up {CAST}: title" in output
    assert "show soundtrack-1: slug, poster" in output
    assert f"write-up {RECAP}: status" in output
    assert writeup(CAST).title == "The Cast of Soundtrack #1"
    assert writeup(RECAP).status == WriteUp.Status.PUBLISHED
    assert Score.objects.filter(writeup__slug=REVIEW, label="Noona").exists()
    assert str(writeup(REVIEW).rating) == "9.70"
    show = Show.objects.get(slug="soundtrack-1")
    assert show.poster.name == ""
    # Rows the fixtures do not name are never touched.
    assert "editor's own tag" in writeup(CAST).tags.names()
    assert WriteUp.objects.get(pk=own.pk).show.slug == "soundtrack-1"
