"""Writers and editors: what each may do in the write-ups admin, enforced on the server.

Every refusal is a crafted POST (what a page without the button would not
send) and checks that nothing changed; every allowed path goes through the
admin as a browser would.
"""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from reviews.models import WriteUp
from tests.admin_helpers import admin_form_data
from tests.factories import make_draft, make_show, make_writeup
from tests.workflow_helpers import (
    ADD,
    CHANGELIST,
    change_url,
    messages_of,
    run_action,
    signed_in,
    state_of,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def writer():
    return signed_in("writer", "Writers")


@pytest.fixture
def other_writer():
    return signed_in("other", "Writers")


@pytest.fixture
def editor():
    return signed_in("editor", "Editors")


@pytest.fixture
def own_draft(writer):
    return make_draft(title="My draft", created_by=writer.user)


def permissions_of(group):
    return set(
        Group.objects.get(name=group).permissions.values_list("content_type__app_label", "codename")
    )


def test_editors_may_review_and_publish_writers_may_neither_nor_delete():
    editors, writers = permissions_of("Editors"), permissions_of("Writers")

    assert {("reviews", "publish_writeup"), ("reviews", "review_writeup")} <= editors
    assert ("reviews", "publish_writeup") not in writers
    assert ("reviews", "review_writeup") not in writers
    assert ("reviews", "delete_writeup") not in writers
    assert {("reviews", "add_writeup"), ("reviews", "change_writeup")} <= writers


def test_a_writer_adds_a_draft_that_records_them_as_its_writer(writer):
    show = make_show()
    form = writer.get(ADD)
    assert "status" not in form.context["adminform"].form.fields  # an editor's business
    data = admin_form_data(
        form, title="한국 drama notes 🎬", slug="notes", kind="review", show=show.pk, body="Text."
    )

    response = writer.post(ADD, data | {"status": "published", "published_at_0": "2020-01-01"})

    assert response.status_code == 302
    writeup = WriteUp.objects.get(slug="notes")
    assert (writeup.created_by, writeup.status) == (writer.user, WriteUp.Status.DRAFT)
    assert writeup.published_at is None


def test_a_writer_edits_their_own_draft(writer, own_draft):
    data = admin_form_data(writer.get(change_url(own_draft)), title="My draft, better")

    assert writer.post(change_url(own_draft), data).status_code == 302
    own_draft.refresh_from_db()
    assert own_draft.title == "My draft, better"


def test_a_writer_posting_the_publish_action_publishes_nothing(writer, own_draft):
    actions = writer.get(CHANGELIST).context["action_form"].fields["action"].choices
    assert {name for name, _label in actions} == {"", "submit_for_review"}

    response = run_action(writer, "publish", own_draft)

    assert state_of(own_draft) == WriteUp.Status.DRAFT
    assert not any(message.startswith("Published") for message in messages_of(response))


def test_a_writer_posting_the_publish_button_saves_but_does_not_publish(writer, own_draft):
    data = admin_form_data(writer.get(change_url(own_draft)), _move="publish")

    response = writer.post(change_url(own_draft), data)

    assert response.status_code == 302
    assert state_of(own_draft) == WriteUp.Status.DRAFT
    assert messages_of(response) == [
        "Saved, but not moved: You may not publish or schedule: that is for editors."
    ]


def test_a_writer_posting_a_status_field_does_not_change_the_state(writer, own_draft):
    data = admin_form_data(writer.get(change_url(own_draft)))

    writer.post(
        change_url(own_draft), data | {"status": "published", "published_at_0": "2020-01-01"}
    )

    assert state_of(own_draft) == WriteUp.Status.DRAFT


def test_a_writer_cannot_edit_their_published_piece(writer):
    published = make_writeup(title="Out there", created_by=writer.user)
    page = writer.get(change_url(published))
    assert page.status_code == 200
    assert not page.context["has_change_permission"]  # shown read-only
    data = admin_form_data(
        signed_in("boss", "Editors").get(change_url(published)), title="Changed by a writer"
    )

    response = writer.post(change_url(published), data)

    assert response.status_code == 403
    published.refresh_from_db()
    assert published.title == "Out there"


def test_a_writer_cannot_edit_another_writers_draft(writer, other_writer):
    theirs = make_draft(title="Not mine", created_by=other_writer.user)
    data = admin_form_data(other_writer.get(change_url(theirs)), title="Mine now")

    response = writer.post(change_url(theirs), data)

    assert response.status_code == 403
    theirs.refresh_from_db()
    assert theirs.title == "Not mine"


def test_a_writer_cannot_delete_even_their_own_draft(writer, own_draft):
    delete_url = reverse("admin:reviews_writeup_delete", args=[own_draft.pk])

    assert writer.post(delete_url, {"post": "yes"}).status_code == 403
    run_action(writer, "delete_selected", own_draft)
    own_draft.refresh_from_db()
    assert own_draft.trashed_at is None


def test_a_writer_cannot_unpublish_with_a_crafted_action(writer):
    published = make_writeup(created_by=writer.user)

    run_action(writer, "unpublish", published)

    assert state_of(published) == WriteUp.Status.PUBLISHED


def test_a_writer_cannot_revert_their_published_piece_to_a_draft_version(writer, editor):
    piece = make_draft(title="Versioned", created_by=writer.user)
    writer.post(change_url(piece), admin_form_data(writer.get(change_url(piece))))
    run_action(editor, "publish", piece)
    history = writer.get(reverse("admin:reviews_writeup_history", args=[piece.pk]))
    draft_version = history.context["action_list"][-1]["version"]
    revert_url = reverse("admin:reviews_writeup_revision", args=[piece.pk, draft_version.pk])

    response = writer.post(revert_url, admin_form_data(writer.get(revert_url)))

    assert response.status_code == 403
    assert state_of(piece) == WriteUp.Status.PUBLISHED


def test_an_editor_edits_a_writers_piece_and_publishes_it(editor, writer, own_draft):
    data = admin_form_data(editor.get(change_url(own_draft)), title="Edited by the desk")

    assert editor.post(change_url(own_draft), data).status_code == 302
    response = run_action(editor, "publish", own_draft)

    own_draft.refresh_from_db()
    assert (own_draft.title, own_draft.status) == ("Edited by the desk", "published")
    assert own_draft.is_published
    assert messages_of(response)[-1] == "Published 1 write-up."


def test_an_editor_unpublishes_and_deletes(editor):
    published = make_writeup()

    run_action(editor, "unpublish", published)
    assert state_of(published) == WriteUp.Status.UNPUBLISHED
    delete_url = reverse("admin:reviews_writeup_delete", args=[published.pk])
    assert editor.post(delete_url, {"post": "yes"}).status_code == 302
    published.refresh_from_db()
    assert published.trashed_at is not None


def test_a_writer_cannot_open_or_post_the_recovery_of_deleted_pieces(writer, editor):
    trashed = make_draft(title="Gone", created_by=writer.user)
    editor.post(reverse("admin:reviews_writeup_delete", args=[trashed.pk]), {"post": "yes"})

    assert writer.get(reverse("admin:reviews_writeup_recoverlist")).status_code == 403
    assert editor.get(reverse("admin:reviews_writeup_recoverlist")).status_code == 200
