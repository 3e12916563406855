"""Versions in the admin: every save is a version; any two compare; any one restores.

Each test works through the admin pages as an editor's browser would: the
history page lists the versions, the compare page shows the differences,
the revision page is reversion's restore form (GET shows the old version in
the change form, POST saves it as a new version), and "Recover deleted"
brings a deleted write-up back with its scores, bylines and tags.
"""

from decimal import Decimal

import pytest
from django.contrib.auth.models import Group, User
from django.urls import reverse
from reversion.models import Version

from catalog.models import Show
from reviews.models import WriteUp
from tests.admin_helpers import add_inline_rows, admin_form_data, error_messages
from tests.factories import make_author, make_draft, make_episode, make_show, make_writeup
from tests.html_tree import parse_html

ORIGINAL = "## The review\n\nThe leads have chemistry.\n\nThe ending is rushed."
CORRECTION = "## The review\n\nThe leads have chemistry.\n\nThe ending is earned, not rushed."


def url(writeup, view, *args):
    return reverse(f"admin:reviews_writeup_{view}", args=[writeup.pk, *args])


def versions_of(obj):
    return Version.objects.get_for_object(obj).order_by("pk")


def history_rows(response):
    """The user and comment of each row of the history page's table, newest first."""
    table = parse_html(response.content.decode()).find("table", id="change-history")
    return [
        [cell.text for cell in row.find_all("td")][-2:]
        for row in table.find("tbody").find_all("tr")
    ]


def save_in_admin(client, writeup, **values):
    """Open the change form, change ``values`` and save, as an editor does.

    A live piece's edit is published at once ("Publish changes"; reviews/admin/staged.py).
    """
    data = admin_form_data(client.get(url(writeup, "change")), **values)
    response = client.post(url(writeup, "change"), data | {"_publish_changes": "Publish changes"})
    assert response.status_code == 302, error_messages(response)


def restore(client, version, address):
    """Open a version's restore form (the history page's link) and press Save."""
    form_page = client.get(address)
    assert form_page.status_code == 200
    response = client.post(address, admin_form_data(form_page))
    assert response.status_code == 302, error_messages(response)
    return form_page


@pytest.fixture
def editor(db, client):
    user = User.objects.create_user("editor-minji", password="pw", is_staff=True, is_superuser=True)
    client.force_login(user)
    client.user = user
    return client


@pytest.fixture
def writeup(editor):
    """A published write-up with scores, a byline and tags, created in the admin."""
    show = make_show(title="Soundtrack #1")
    author = make_author(name="Min")
    data = admin_form_data(
        editor.get(reverse("admin:reviews_writeup_add")),
        title="Soundtrack #1, reviewed",
        slug="soundtrack-1-reviewed",
        kind="review",
        show=show.pk,
        status="published",
        published_at_0="2022-04-16",
        published_at_1="12:00:00",
        body=ORIGINAL,
        tags="romance, slow burn",
    )
    add_inline_rows(data, "scores", {"label": "Story", "value": "8", "scale": "10", "order": "0"})
    add_inline_rows(data, "bylines", {"author": author.pk, "order": "0"})
    response = editor.post(reverse("admin:reviews_writeup_add"), data)
    assert response.status_code == 302, error_messages(response)
    return WriteUp.objects.get(slug="soundtrack-1-reviewed")


def test_every_admin_save_is_a_version_with_its_user_and_comment(editor, writeup):
    save_in_admin(editor, writeup, body=CORRECTION)

    versions = list(versions_of(writeup))
    assert len(versions) == 2
    assert [v.revision.user for v in versions] == [editor.user, editor.user]
    assert versions[0].revision.comment.startswith("Added.")
    assert versions[1].revision.comment == "Changed Body."
    assert versions[0].field_dict["body"] == ORIGINAL
    assert versions[1].field_dict["body"] == CORRECTION


def test_a_version_holds_the_scores_bylines_and_tag_links(editor, writeup):
    version = versions_of(writeup).last()
    parts = {v.content_type.model for v in version.revision.version_set.all()}

    assert parts == {"writeup", "score", "writeupauthor", "taggedwriteup"}


def test_history_page_lists_versions_with_who_and_when(editor, writeup):
    save_in_admin(editor, writeup, body=CORRECTION)

    response = editor.get(url(writeup, "history"))

    assert response.status_code == 200
    assert history_rows(response) == [
        ["editor-minji", "Changed Body."],
        ["editor-minji", "Added. Added byline “Min on Soundtrack #1, reviewed”. "
         "Added score “Story: 8 / 10”."],
    ]  # fmt: skip
    assert len(parse_html(response.content.decode()).find_all("input", name="version_id1")) == 2


def test_compare_page_shows_the_body_as_a_line_diff(editor, writeup):
    save_in_admin(editor, writeup, body=CORRECTION, verdict_skip="You need a happy ending.")
    first, second = versions_of(writeup)

    response = editor.get(
        url(writeup, "compare"), {"version_id1": first.pk, "version_id2": second.pk}
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "The leads have chemistry.\n" in page  # unchanged lines as they are
    changed_line = "The ending is <ins>earned, not </ins>rushed."
    assert f'<span class="diff-line diff-ins">{changed_line}</span>' in page
    assert "<ins>You need a happy ending.</ins>" in page  # another field, compared on its own


def test_restoring_a_version_brings_back_its_text_as_a_new_version(editor, writeup):
    save_in_admin(editor, writeup, body=CORRECTION)
    first = versions_of(writeup).first()

    restore(editor, first, url(writeup, "revision", first.pk))

    writeup.refresh_from_db()
    assert writeup.body == ORIGINAL
    assert "rushed" in writeup.body_html
    versions = list(versions_of(writeup))
    assert len(versions) == 3
    assert versions[-1].revision.comment.startswith("Reverted to previous version")


def test_public_page_shows_the_restored_text_tags_and_score(editor, writeup):
    first = versions_of(writeup).first()
    save_in_admin(editor, writeup, body=CORRECTION, tags="office", **{"scores-0-value": "3"})
    reader = type(editor)()  # a reader without a session: served from the page cache
    cached = reader.get(writeup.get_absolute_url()).content.decode()
    assert "earned, not rushed" in cached
    assert reader.get(writeup.get_absolute_url()).content.decode() == cached  # stored

    restore(editor, first, url(writeup, "revision", first.pk))

    page = reader.get(writeup.get_absolute_url()).content.decode()
    assert "earned, not rushed" not in page
    assert "The ending is rushed." in page
    assert "slow burn" in page and "office" not in page
    writeup.refresh_from_db()
    assert sorted(writeup.tags.names()) == ["romance", "slow burn"]
    assert [(s.label, s.value) for s in writeup.scores.all()] == [("Story", Decimal("8.00"))]
    assert writeup.rating == Decimal("8.00")


def test_preview_of_a_version_changes_nothing(editor, writeup):
    save_in_admin(editor, writeup, body=CORRECTION)
    first = versions_of(writeup).first()

    response = editor.get(url(writeup, "revision", first.pk))

    assert ORIGINAL.splitlines()[-1] in response.content.decode()
    writeup.refresh_from_db()
    assert writeup.body == CORRECTION
    assert versions_of(writeup).count() == 2


def delete_for_good(client, writeups):
    """Delete in the admin (to the trash), then delete for good from the trash."""
    response = client.post(
        reverse("admin:reviews_writeup_changelist"),
        {"action": "delete_selected", "_selected_action": [w.pk for w in writeups]},
    )
    assert response.status_code == 302
    response = client.post(
        reverse("admin:reviews_trashedwriteup_changelist"),
        {"action": "delete_selected", "_selected_action": [w.pk for w in writeups], "post": "yes"},
    )
    assert response.status_code == 302


def test_deleted_writeup_is_recovered_with_scores_bylines_and_tags(editor, writeup):
    address = writeup.get_absolute_url()
    delete_for_good(editor, [writeup])
    assert not WriteUp.objects.filter(slug="soundtrack-1-reviewed").exists()

    recover_list = editor.get(reverse("admin:reviews_writeup_recoverlist"))
    assert "Soundtrack #1, reviewed" in recover_list.content.decode()
    assert "Deleted “Soundtrack #1, reviewed” for good from the trash." in (
        recover_list.content.decode()
    )
    (deleted,) = recover_list.context["deleted"]
    restore(editor, deleted, reverse("admin:reviews_writeup_recover", args=[deleted.pk]))

    writeup = WriteUp.objects.get(slug="soundtrack-1-reviewed")
    assert [(s.label, s.value) for s in writeup.scores.all()] == [("Story", Decimal("8.00"))]
    assert [b.author.name for b in writeup.bylines.all()] == ["Min"]
    assert sorted(writeup.tags.names()) == ["romance", "slow burn"]
    assert writeup.rating == Decimal("8.00")
    assert type(editor)().get(address).status_code == 200


def test_changelist_offers_recover_deleted(editor, writeup):
    response = editor.get(reverse("admin:reviews_writeup_changelist"))

    assert reverse("admin:reviews_writeup_recoverlist") in response.content.decode()


def test_bulk_recovery_restores_only_the_chosen_writeup(editor, writeup):
    other = make_writeup(title="Another piece")
    delete_for_good(editor, [writeup, other])
    assert WriteUp.objects.count() == 0

    deleted = {v.object_repr: v for v in Version.objects.get_deleted(WriteUp)}
    address = reverse("admin:reviews_writeup_recover", args=[deleted["Another piece"].pk])
    restore(editor, deleted["Another piece"], address)

    assert list(WriteUp.objects.values_list("title", flat=True)) == ["Another piece"]


@pytest.mark.parametrize(
    ("action", "status", "comment"),
    [
        ("publish", "draft", "Published."),
        ("unpublish", "published", "Unpublished."),
    ],
)
def test_bulk_publish_and_unpublish_make_one_version_per_writeup(editor, action, status, comment):
    pieces = [make_draft() if status == "draft" else make_writeup() for _ in range(2)]

    response = editor.post(
        reverse("admin:reviews_writeup_changelist"),
        {"action": action, "_selected_action": [piece.pk for piece in pieces]},
    )

    assert response.status_code == 302
    for piece in pieces:
        (version,) = versions_of(piece)
        assert version.revision.user == editor.user
        assert version.revision.comment == comment
        assert version.revision.version_set.count() == 1  # not shared with the other piece
        assert version.field_dict["status"] == (
            "published" if action == "publish" else "unpublished"
        )


def test_show_version_holds_its_episodes_and_restores_them(editor):
    show = make_show(title="Soundtrack #1")
    make_episode(show=show, number=1, title="Pilot")
    change = reverse("admin:catalog_show_change", args=[show.pk])
    data = admin_form_data(editor.get(change))
    assert editor.post(change, data).status_code == 302
    first = versions_of(show).first()
    data = admin_form_data(editor.get(change), **{"episodes-0-title": "The first day"})
    assert editor.post(change, data).status_code == 302

    restore(editor, first, reverse("admin:catalog_show_revision", args=[show.pk, first.pk]))

    assert list(Show.objects.get(pk=show.pk).episodes.values_list("title", flat=True)) == ["Pilot"]


def test_an_episode_changed_on_its_own_page_is_a_version_of_its_show(editor):
    show = make_show(title="Soundtrack #1")
    episode = make_episode(show=show, number=1, title="Pilot")
    change = reverse("admin:catalog_episode_change", args=[episode.pk])

    data = admin_form_data(editor.get(change), title="The first day")
    assert editor.post(change, data).status_code == 302

    (version,) = versions_of(show)
    assert version.revision.comment.endswith("Changed Title.")
    episode_versions = version.revision.version_set.filter(content_type__model="episode")
    assert episode_versions.get().field_dict["title"] == "The first day"


def test_editors_group_may_see_history_compare_and_recover(db, client, writeup):
    user = User.objects.create_user("editor", password="pw", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    client.force_login(user)
    save_in_admin(client, writeup, body=CORRECTION)
    first, second = versions_of(writeup)

    assert client.get(url(writeup, "history")).status_code == 200
    compare = {"version_id1": first.pk, "version_id2": second.pk}
    assert client.get(url(writeup, "compare"), compare).status_code == 200
    assert client.get(url(writeup, "revision", first.pk)).status_code == 200
    assert client.get(reverse("admin:reviews_writeup_recoverlist")).status_code == 200
