"""The review loop in the write-ups admin: roles, state buttons, the record of moves.

Rules (who may move what, from which state): reviews/workflow.py. They are
checked here on the server whatever the page showed: a writer's crafted POST
to publish, to edit a published piece or someone else's, or to delete, is
refused and changes nothing.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import ngettext

from .. import workflow

MOVE_FIELD = "_move"
NOTE_FIELD = "_move_note"
# Scheduling and featuring are an editor's business: a writer sees these but does not set them.
SCHEDULE_FIELDS = ("status", "published_at", "unpublish_at", "featured")


class WorkflowAdminMixin:
    """For the write-ups' ModelAdmin (needs its ``save_from_action``)."""

    object_history_template = "admin/reviews/writeup/object_history.html"

    # Roles ---------------------------------------------------------------

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and workflow.may_edit(request.user, obj)

    def has_publish_permission(self, request):
        """For ``@admin.action(permissions=["publish"])``."""
        return request.user.has_perm(workflow.PUBLISH)

    def get_readonly_fields(self, request, obj=None):
        fields = tuple(super().get_readonly_fields(request, obj))
        if not request.user.has_perm(workflow.PUBLISH):
            fields += SCHEDULE_FIELDS
        return fields

    def revision_view(self, request, object_id, version_id, extra_context=None):
        # Reverting loads the old state first, then asks the change form: ask
        # of the piece as it is now too, or a writer could revert a published
        # piece to a draft version (unpublishing it).
        writeup = self.get_object(request, object_id)
        refused = writeup is not None and not self.has_change_permission(request, writeup)
        if refused and request.method == "POST":
            raise PermissionDenied
        return super().revision_view(request, object_id, version_id, extra_context)

    def recover_view(self, request, version_id, extra_context=None):
        if not workflow.is_editor(request.user):
            raise PermissionDenied
        return super().recover_view(request, version_id, extra_context)

    def recoverlist_view(self, request, extra_context=None):
        if not workflow.is_editor(request.user):
            raise PermissionDenied
        return super().recoverlist_view(request, extra_context)

    # Saving ---------------------------------------------------------------

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
        # An editor may still set the state with the form's menu: recorded like a button.
        # (Not when the edit of a live piece was only staged: nothing moved yet.)
        if "status" in form.changed_data and not getattr(request, "staging_change", False):
            workflow.record(obj, form.initial.get("status", ""), obj.status, request.user)

    def make_move(self, request, writeup, move, note=""):
        """Move ``writeup`` if the rules allow it now; the reason when they do not."""
        writeup.refresh_from_db()
        problem = workflow.refusal(request.user, writeup, move)
        if problem is None and move.note_required and not note.strip():
            problem = "Write a note saying what should change: the writer reads it."
        if problem is not None:
            return problem
        moved_from = writeup.status
        fields = workflow.apply(writeup, move)
        comment = f"{move.message} Note: {note.strip()}" if note.strip() else move.message
        if not self.save_from_action(
            request,
            writeup,
            fields,
            comment,
            record=lambda: workflow.record(writeup, moved_from, move.target, request.user, note),
        ):
            return "Someone else saved it at the same moment: open it again, then try again."
        return None

    def response_move(self, request, obj):
        """After the change form saved: the state button it was sent with, if any."""
        move = workflow.MOVES.get(request.POST.get(MOVE_FIELD, ""))
        if move is None:
            return None
        problem = self.make_move(request, obj, move, request.POST.get(NOTE_FIELD, ""))
        if problem is not None:
            self.message_user(request, f"Saved, but not moved: {problem}", messages.ERROR)
        else:
            self.message_user(request, f"“{obj}”: {move.message}", messages.SUCCESS)
        return HttpResponseRedirect(
            reverse(f"{self.admin_site.name}:reviews_writeup_change", args=[obj.pk])
        )

    def response_change(self, request, obj):
        return self.response_move(request, obj) or super().response_change(request, obj)

    def response_add(self, request, obj, post_url_continue=None):
        return self.response_move(request, obj) or super().response_add(
            request, obj, post_url_continue
        )

    # Showing ----------------------------------------------------------------

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        moves = [workflow.MOVES["submit"]] if add else []
        if obj is not None and self.has_change_permission(request, obj):
            moves = workflow.allowed_moves(request.user, obj)
        context["workflow_moves"] = moves
        context["workflow_move_field"] = MOVE_FIELD
        context["workflow_note_field"] = NOTE_FIELD
        if obj is not None:
            context["workflow_transitions"] = list(obj.transitions.all()[:5])
            context["workflow_note"] = next(
                (t for t in context["workflow_transitions"] if t.note), None
            )
        return super().render_change_form(request, context, add, change, form_url, obj)

    def history_view(self, request, object_id, extra_context=None):
        writeup = self.get_object(request, object_id)
        transitions = list(writeup.transitions.all()) if writeup is not None else []
        extra_context = {"workflow_transitions": transitions, **(extra_context or {})}
        return super().history_view(request, object_id, extra_context)

    # Actions --------------------------------------------------------------

    @admin.action(description="Submit selected write-ups for review", permissions=["change"])
    def submit_for_review(self, request, queryset):
        move = workflow.MOVES["submit"]
        moved, refused = 0, []
        for writeup in queryset:
            problem = self.make_move(request, writeup, move)
            if problem is None:
                moved += 1
            else:
                refused.append(f"“{writeup}”: {problem}")
        if moved:
            self.message_user(
                request,
                ngettext(
                    "Submitted %d write-up for review.", "Submitted %d write-ups for review.", moved
                )
                % moved,
                messages.SUCCESS,
            )
        for reason in refused:
            self.message_user(request, f"Not submitted: {reason}", messages.WARNING)
