"""Deleting a write-up moves it to the trash; the trash lists, restores and deletes for good.

Whoever may delete write-ups may trash, restore and purge them: the trash has
no permissions of its own (``TrashedWriteUp``). A trashed piece keeps its
row, its scores, bylines and tags and its slug; readers stop seeing it at
once (``published()`` leaves the trash out) and ``purge_trash`` deletes it
after TRASH_RETENTION_DAYS.
"""

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin import actions as admin_actions
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.admin.options import IS_POPUP_VAR
from django.contrib.admin.templatetags.admin_urls import add_preserved_filters
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import ngettext

from catalog.admin.base import EditorFieldsMixin
from reviews_site.revisions import store_before_deletion
from reviews_site.time_zones import ZonedTimesMixin

from ..models import TrashedWriteUp, WriteUp

TRASHED = "Moved to the trash."
RESTORED = "Restored from the trash."


def log_change(request, writeups, message):
    LogEntry.objects.log_actions(
        user_id=request.user.pk, queryset=writeups, action_flag=CHANGE, change_message=message
    )


def retention_note():
    days = settings.TRASH_RETENTION_DAYS
    return ngettext(
        "Restore it from the trash within %(days)d day; after that it is deleted for good.",
        "Restore it from the trash within %(days)d days; after that it is deleted for good.",
        days,
    ) % {"days": days}


class TrashInsteadOfDeleteMixin:
    """The write-ups admin's delete, single or bulk, moves pieces to the trash.

    The confirmation page says so and lists only the pieces (nothing else is
    deleted); the history records "Moved to the trash." as a change.
    """

    delete_confirmation_template = "admin/reviews/writeup/trash_confirmation.html"

    def get_queryset(self, request):
        return super().get_queryset(request).not_trashed()

    def delete_view(self, request, object_id, extra_context=None):
        extra_context = {
            "title": "Move to the trash",
            "retention_note": retention_note(),
            **(extra_context or {}),
        }
        return super().delete_view(request, object_id, extra_context)

    def get_deleted_objects(self, objs, request):
        writeups = list(objs)
        perms_needed = set()
        if not all(self.has_delete_permission(request, writeup) for writeup in writeups):
            perms_needed.add(self.opts.verbose_name)
        model_count = {self.opts.verbose_name_plural: len(writeups)}
        return [str(writeup) for writeup in writeups], model_count, perms_needed, []

    def log_deletions(self, request, queryset):
        log_change(request, queryset, TRASHED)

    def delete_model(self, request, obj):
        obj.move_to_trash(request.user)

    def delete_queryset(self, request, queryset):
        for writeup in queryset:
            writeup.move_to_trash(request.user)

    def response_delete(self, request, obj_display, obj_id):
        if IS_POPUP_VAR in request.POST:
            return super().response_delete(request, obj_display, obj_id)
        self.message_user(
            request,
            f"“{obj_display}” is in the trash: readers no longer see it. {retention_note()}",
            messages.SUCCESS,
        )
        url = reverse("admin:reviews_writeup_changelist", current_app=self.admin_site.name)
        url = add_preserved_filters(
            {"preserved_filters": self.get_preserved_filters(request), "opts": self.opts}, url
        )
        return HttpResponseRedirect(url)

    @admin.action(description="Move selected write-ups to the trash", permissions=["delete"])
    def delete_selected(self, request, queryset):
        """Replaces Django's bulk delete. Nothing is lost, so no confirmation page."""
        writeups = list(queryset)
        self.log_deletions(request, queryset)
        for writeup in writeups:
            writeup.move_to_trash(request.user)
        self.message_user(
            request,
            ngettext(
                "Moved %(count)d write-up to the trash: readers no longer see it.",
                "Moved %(count)d write-ups to the trash: readers no longer see them.",
                len(writeups),
            )
            % {"count": len(writeups)}
            + " "
            + retention_note(),
            messages.SUCCESS,
        )


@admin.register(TrashedWriteUp)
class TrashAdmin(ZonedTimesMixin, EditorFieldsMixin, admin.ModelAdmin):
    """Pieces in the trash, most recently trashed first: restore, or delete for good."""

    list_display = ("title", "address", "status", "trashed_at", "trashed_by", "purged_after")
    list_select_related = ("trashed_by",)
    search_fields = ("title", "slug")
    ordering = ("-trashed_at",)
    actions = ("restore", "delete_selected")

    # The trash answers to the write-ups' delete permission (see the module).
    def has_delete_permission(self, request, obj=None):
        return request.user.has_perm("reviews.delete_writeup")

    has_view_permission = has_delete_permission

    def has_module_permission(self, request):
        return self.has_delete_permission(request)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description="address", ordering="slug")
    def address(self, writeup):
        return writeup.get_absolute_url()

    @admin.display(description="deleted for good after")
    def purged_after(self, writeup):
        # In the editor's zone, as the column beside it (reviews_site.time_zones).
        return date_format(
            timezone.localtime(writeup.purged_after), "DATETIME_FORMAT", use_l10n=True
        )

    def concrete(self, queryset):
        """The same pieces as WriteUp rows, so that the signals kept for them fire."""
        return WriteUp.objects.filter(pk__in=[writeup.pk for writeup in queryset])

    @admin.action(description="Restore selected write-ups", permissions=["delete"])
    def restore(self, request, queryset):
        writeups = list(self.concrete(queryset))
        for writeup in writeups:
            writeup.restore_from_trash()
        log_change(request, self.concrete(writeups), RESTORED)
        links = format_html_join(
            ", ",
            '<a href="{}">{}</a>',
            (
                (reverse("admin:reviews_writeup_change", args=[writeup.pk]), writeup)
                for writeup in writeups
            ),
        )
        self.message_user(
            request,
            format_html(
                "{} {}",
                ngettext(
                    "Restored %(count)d write-up at its address, with its scores, bylines "
                    "and tags:",
                    "Restored %(count)d write-ups at their addresses, with their scores, "
                    "bylines and tags:",
                    len(writeups),
                )
                % {"count": len(writeups)},
                links,
            ),
            messages.SUCCESS,
        )

    @admin.action(description="Delete selected write-ups for good", permissions=["delete"])
    def delete_selected(self, request, queryset):
        return admin_actions.delete_selected(self, request, queryset)

    def delete_model(self, request, obj):
        self.delete_queryset(request, [obj])

    def delete_queryset(self, request, queryset):
        # Versioned first, so that "Recover deleted write-ups" can still bring them back.
        writeups = self.concrete(queryset)
        store_before_deletion(request.user, writeups, "Deleted “{obj}” for good from the trash.")
        writeups.delete()
