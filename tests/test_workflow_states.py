"""The review loop through the admin: each move recorded, logged, shown, and the queues.

Draft → In review → Changes requested (with a note) → In review → Published → Unpublished.
"""

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import User
from django.urls import reverse

from reviews.models import Transition, WriteUp
from reviews_site.models import AuditEntry
from tests.admin_helpers import admin_form_data
from tests.factories import make_draft, make_show, make_writeup
from tests.html_tree import parse_html
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
NOTE = "두 번째 단락이 너무 길어요 — split the second paragraph, please. 🙏"


@pytest.fixture
def writer():
    return signed_in("writer", "Writers")


@pytest.fixture
def editor():
    return signed_in("editor", "Editors")


def make_piece(status, **kwargs):
    return make_writeup(status=status, published_at=None, **kwargs)


def press(client, writeup, move, note=""):
    """Save the change form as it stands, pressing the state button ``move``."""
    data = admin_form_data(client.get(change_url(writeup)), _move=move, _move_note=note)
    return client.post(change_url(writeup), data)


def moves_of(writeup):
    return list(
        Transition.objects.filter(writeup=writeup)
        .order_by("at", "pk")
        .values_list("from_state", "to_state", "user_name", "note")
    )


def queue(client, queue_id):
    tree = parse_html(client.get(reverse("admin:index")).content)
    modules = tree.find_all(id=queue_id)
    return [link.text for link in modules[0].find_all("a")] if modules else None


def test_the_whole_loop_is_recorded_with_who_and_the_note(writer, editor):
    show = make_show()
    data = admin_form_data(
        writer.get(ADD), title="First recap", slug="first-recap", kind="review", show=show.pk
    )
    response = writer.post(ADD, data | {"body": "Text.", "_move": "submit"})
    writeup = WriteUp.objects.get(slug="first-recap")
    assert messages_of(response)[-1] == "“First recap”: Submitted for review."

    press(editor, writeup, "request_changes", NOTE)
    press(writer, writeup, "submit")
    press(editor, writeup, "publish")
    run_action(editor, "unpublish", writeup)

    assert moves_of(writeup) == [
        ("draft", "in_review", "writer", ""),
        ("in_review", "changes_requested", "editor", NOTE),
        ("changes_requested", "in_review", "writer", ""),
        ("in_review", "published", "editor", ""),
        ("published", "unpublished", "editor", ""),
    ]
    logged = LogEntry.objects.filter(object_id=str(writeup.pk)).order_by("pk")
    assert "Submitted for review." in [entry.change_message for entry in logged]
    assert AuditEntry.objects.filter(
        object_id=str(writeup.pk), change_message=f"Changes requested. Note: {NOTE}"
    ).exists()


def test_requesting_changes_needs_a_note(editor, writer):
    writeup = make_piece(WriteUp.Status.IN_REVIEW, created_by=writer.user)

    response = press(editor, writeup, "request_changes", "   ")

    assert state_of(writeup) == WriteUp.Status.IN_REVIEW
    assert messages_of(response) == [
        "Saved, but not moved: Write a note saying what should change: the writer reads it."
    ]


def test_a_move_from_the_wrong_state_is_refused(editor, writer):
    writeup = make_draft(title="Too early", created_by=writer.user)

    response = press(editor, writeup, "request_changes", "Not yet submitted")

    assert state_of(writeup) == WriteUp.Status.DRAFT
    assert messages_of(response) == [
        "Saved, but not moved: “Too early” is draft: it cannot be moved so."
    ]
    assert not Transition.objects.exists()


def test_the_writer_sees_the_note_on_the_form_and_in_their_queue(writer, editor):
    writeup = make_piece("in_review", title="Needs work", created_by=writer.user)
    assert queue(editor, "waiting-for-review") == ["Needs work"]
    assert queue(writer, "waiting-for-review") is None  # writers do not review

    press(editor, writeup, "request_changes", NOTE)

    assert queue(editor, "waiting-for-review") == []
    assert queue(writer, "changes-requested") == ["Needs work"]
    assert queue(signed_in("another", "Writers"), "changes-requested") == []
    form = parse_html(writer.get(change_url(writeup)).content)
    assert NOTE in form.find("blockquote", class_="workflow-note").text
    buttons = [button.attrs["value"] for button in form.find_all("button", name="_move")]
    assert buttons == ["submit"]


def test_the_history_page_lists_the_moves_and_survives_the_account(writer, editor):
    writeup = make_piece("in_review", created_by=writer.user)
    press(editor, writeup, "request_changes", NOTE)
    User.objects.filter(username="editor").delete()

    history = writer.get(reverse("admin:reviews_writeup_history", args=[writeup.pk]))

    table = parse_html(history.content).find(id="workflow-transitions")
    cells = [cell.text.strip() for cell in table.find_all("td")]
    assert cells[1:] == ["editor", "In review", "Changes requested", NOTE]


def test_an_editor_changing_the_state_menu_is_recorded_too(editor):
    writeup = make_draft()
    data = admin_form_data(editor.get(change_url(writeup)), status="published")

    editor.post(change_url(writeup), data)

    assert moves_of(writeup) == [("draft", "published", "editor", "")]


def test_the_list_filters_by_state(editor):
    make_draft(title="A draft")
    make_piece("in_review", title="In review")
    make_piece("changes_requested", title="Returned")

    def titles(state):
        response = editor.get(CHANGELIST, {"state": state})
        return [writeup.title for writeup in response.context["cl"].result_list]

    assert titles("in_review") == ["In review"]
    assert titles("changes_requested") == ["Returned"]
    assert titles("draft") == ["A draft"]


def test_a_writer_submits_their_drafts_from_the_list_but_not_anothers(writer):
    mine = make_draft(title="Mine", created_by=writer.user)
    theirs = make_draft(title="Theirs", created_by=signed_in("other", "Writers").user)

    response = run_action(writer, "submit_for_review", mine, theirs)

    assert (state_of(mine), state_of(theirs)) == ("in_review", "draft")
    assert messages_of(response) == [
        "Submitted 1 write-up for review.",
        "Not submitted: “Theirs”: Only its writer or an editor may submit it for review.",
    ]
