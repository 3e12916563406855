"""Who may move a write-up from which state to which: the review loop's rules.

Draft → In review → (Changes requested → In review) → Published (scheduled
when its publish time is to come) → Unpublished. Writers (the "Writers"
group) write and submit their own pieces; editors review, request changes,
publish, schedule and unpublish (the ``review_writeup`` and
``publish_writeup`` permissions). The admin (reviews/admin/workflow.py)
asks these rules before it shows a button and again when the POST comes.
"""

from dataclasses import dataclass

from django.utils import timezone

from .models import Transition, WriteUp

Status = WriteUp.Status
PUBLISH = "reviews.publish_writeup"
REVIEW = "reviews.review_writeup"
# A writer may edit their own piece in these states: never once it has been published.
WRITER_EDITABLE = frozenset({Status.DRAFT, Status.IN_REVIEW, Status.CHANGES_REQUESTED})


@dataclass(frozen=True)
class Move:
    name: str
    label: str
    sources: frozenset
    target: str
    permission: str | None  # None: the piece's writer, or anyone who may review
    message: str  # logged, and shown in the history
    note_required: bool = False


MOVES = {
    move.name: move
    for move in (
        Move(
            "submit",
            "Submit for review",
            frozenset({Status.DRAFT, Status.CHANGES_REQUESTED}),
            Status.IN_REVIEW,
            None,
            "Submitted for review.",
        ),
        Move(
            "request_changes",
            "Request changes",
            frozenset({Status.IN_REVIEW}),
            Status.CHANGES_REQUESTED,
            REVIEW,
            "Changes requested.",
            note_required=True,
        ),
        Move(
            "publish",
            "Publish or schedule",
            frozenset(
                {Status.DRAFT, Status.IN_REVIEW, Status.CHANGES_REQUESTED, Status.UNPUBLISHED}
            ),
            Status.PUBLISHED,
            PUBLISH,
            "Published.",
        ),
        Move(
            "unpublish",
            "Unpublish",
            frozenset({Status.PUBLISHED}),
            Status.UNPUBLISHED,
            PUBLISH,
            "Unpublished.",
        ),
    )
}


def is_editor(user):
    """May review or publish: edits any piece, in any state."""
    return user.has_perm(REVIEW) or user.has_perm(PUBLISH)


def may_edit(user, writeup):
    """Whether ``user`` may change ``writeup`` (on top of the change_writeup permission)."""
    if writeup is None or is_editor(user):
        return True
    return writeup.created_by_id == user.pk and writeup.status in WRITER_EDITABLE


def refusal(user, writeup, move):
    """Why ``user`` may not make ``move`` on ``writeup`` now, or None when they may."""
    if move.permission is None:
        if not (is_editor(user) or writeup.created_by_id == user.pk):
            return "Only its writer or an editor may submit it for review."
    elif not user.has_perm(move.permission):
        return f"You may not {move.label.lower()}: that is for editors."
    if writeup.status not in move.sources:
        return f"“{writeup}” is {writeup.get_status_display().lower()}: it cannot be moved so."
    return None


def allowed_moves(user, writeup):
    return [move for move in MOVES.values() if refusal(user, writeup, move) is None]


def apply(writeup, move, now=None):
    """Set the new state on ``writeup`` (not saved); the fields to save."""
    writeup.status = move.target
    if move.target == Status.PUBLISHED:
        # A time already set is kept: a future one schedules the piece.
        writeup.published_at = writeup.published_at or now or timezone.now()
    return ["status", "published_at"]


def record(writeup, from_state, to_state, user, note=""):
    return Transition.objects.create(
        writeup=writeup,
        from_state=from_state,
        to_state=to_state,
        user=user,
        user_name=user.get_username() if user else "",
        note=note,
    )
