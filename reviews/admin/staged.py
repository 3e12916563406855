"""Edits to published write-ups are staged, not saved: the admin side of reviews/staged.py.

Saving the change form of a published write-up keeps the form aside (a
StagedChange); the live row, and all that readers see, stays as it was. The
form then opens with the staged values, so the editor continues the draft.
"Publish changes" (permission ``reviews.publish_writeup``, checked here)
saves the form through the ordinary version-checked save: a live row saved
by someone else since the draft began makes it stale, and the conflict
report shows both (catalog/admin/conflicts.py). "Discard changes" drops it.
A file uploaded with the change waits with it: the form says so, and saving
or publishing the form again gives it back to the form (reviews/staged.py).
"""

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef
from django.http import HttpResponseRedirect
from reversion import set_comment

from reviews.models import StagedChange, WriteUp
from reviews.staged import (
    DISCARD,
    PUBLISH,
    give_back_files,
    note_staged_files,
    stage,
    with_live_values,
)

PUBLISH_PERMISSION = "reviews.publish_writeup"
PUBLISHED_COMMENT = "Published staged changes."


class UnpublishedChangesFilter(admin.SimpleListFilter):
    title = "unpublished changes"
    parameter_name = "staged"

    def lookups(self, request, model_admin):
        return (("yes", "Waiting to be published"),)

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(has_staged_change=True)
        return queryset


class StagedChangeAdminMixin:
    """For the write-up admin: put before the mixins whose ``changeform_view`` it wraps.

    The list gets a column and a filter for pieces with unpublished changes.
    """

    def get_queryset(self, request):
        staged = StagedChange.objects.filter(writeup=OuterRef("pk"))
        return super().get_queryset(request).annotate(has_staged_change=Exists(staged))

    def get_list_display(self, request):
        return (*super().get_list_display(request), "unpublished_changes")

    def get_list_filter(self, request):
        return (*super().get_list_filter(request), UnpublishedChangesFilter)

    @admin.display(description="unpublished changes", boolean=True, ordering="has_staged_change")
    def unpublished_changes(self, writeup):
        return writeup.has_staged_change

    def revision_view(self, request, object_id, version_id, extra_context=None):
        request.restoring_version = True
        return super().revision_view(request, object_id, version_id, extra_context)

    def recover_view(self, request, version_id, extra_context=None):
        request.restoring_version = True
        return super().recover_view(request, version_id, extra_context)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        writeup = object_id and self.get_object(request, unquote(object_id))
        if not writeup:  # adding, or a missing object: the stock answers
            return super().changeform_view(request, object_id, form_url, extra_context)
        live = writeup.status == WriteUp.Status.PUBLISHED
        may_publish = request.user.has_perm(PUBLISH_PERMISSION)
        if getattr(request, "restoring_version", False):
            # Restoring a version writes the row itself (reversion): it publishes.
            if request.method == "POST" and live and not may_publish:
                raise PermissionDenied
            return super().changeform_view(request, object_id, form_url, extra_context)
        staged = StagedChange.objects.filter(writeup=writeup).select_related("updated_by").first()
        if staged is not None and staged.data.get("files"):
            request.staged_files = staged
        if request.method == "POST":
            if DISCARD in request.POST:
                return self.discard_staged_change(request, writeup, staged)
            if PUBLISH in request.POST:
                if not may_publish:
                    raise PermissionDenied
                request.publishing_staged_change = staged is not None
            elif live:
                request.staging_change = True
        elif staged is not None:
            request.staged_change = staged
        context = {
            "staged_change": staged,
            "live_piece": live,
            "can_publish_changes": (live or staged is not None) and may_publish,
        }
        return super().changeform_view(
            request, object_id, form_url, {**context, **(extra_context or {})}
        )

    def discard_staged_change(self, request, writeup, staged):
        if not self.has_change_permission(request, writeup):
            raise PermissionDenied
        if staged is not None:
            staged.delete()
            self.log_change(request, writeup, "Discarded unpublished changes.")
            self.message_user(
                request, f"Discarded the unpublished changes to “{writeup}”.", messages.SUCCESS
            )
        return HttpResponseRedirect(request.path)

    def get_object(self, request, object_id, from_field=None):
        writeup = super().get_object(request, object_id, from_field)
        staged = getattr(request, "staged_change", None)
        if writeup is not None and staged is not None:
            # The form continues the draft: it is at the version the draft began from.
            writeup.version = staged.base_version
        return writeup

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        staged = getattr(request, "staged_change", None)
        with_files = getattr(request, "staged_files", None)
        if staged is None and with_files is None:
            return form

        class StagedForm(form):
            def __init__(self, data=None, *args, **kwargs):
                if data is None and staged is not None:
                    data = with_live_values(form(instance=obj), staged)
                super().__init__(data, *args, **kwargs)
                self.unread_files = {}
                if with_files is not None:
                    note_staged_files(self, with_files)
                    # Saved or published again, the form keeps the waiting file.
                    if request.method == "POST":
                        self.unread_files = give_back_files(self, with_files)

            def clean(self):
                cleaned_data = super().clean()
                for name, message in self.unread_files.items():
                    self.add_error(name, message)
                return cleaned_data

        return StagedForm

    def get_formset_kwargs(self, request, obj, inline, prefix):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        staged = getattr(request, "staged_change", None)
        if staged is not None and "data" not in kwargs:
            kwargs["data"] = staged.form_data()
        return kwargs

    def save_model(self, request, obj, form, change):
        if not getattr(request, "staging_change", False):
            super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        if getattr(request, "staging_change", False):
            stage(form.instance, form, formsets, request.user)
            return
        super().save_related(request, form, formsets, change)
        # The form opened with the staged values: saving it applied them.
        StagedChange.objects.filter(writeup=form.instance).delete()

    def construct_change_message(self, request, form, formsets, add=False):
        if getattr(request, "staging_change", False):
            return "Saved unpublished changes."
        return super().construct_change_message(request, form, formsets, add)

    def log_change(self, request, obj, message):
        entry = super().log_change(request, obj, message)
        if getattr(request, "publishing_staged_change", False):
            set_comment(f"{PUBLISHED_COMMENT} {entry.get_change_message()}")
        return entry

    def response_change(self, request, obj):
        if PUBLISH in request.POST:
            message = f"Published the changes to “{obj}”: readers see them now."
            self.message_user(request, message, messages.SUCCESS)
            return self.response_post_save_change(request, obj)
        if not getattr(request, "staging_change", False):
            return super().response_change(request, obj)
        self.message_user(
            request,
            f"Kept your changes to “{obj}” as unpublished changes: readers see the live version "
            "until someone who may publish publishes them.",
            messages.SUCCESS,
        )
        if "_continue" in request.POST:
            return HttpResponseRedirect(request.path)
        return self.response_post_save_change(request, obj)
