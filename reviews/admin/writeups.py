"""Write-ups in the admin: scores and bylines inline, publishing actions, any-spelling search.

Deleting one moves it to the trash (trash.py).
"""

from functools import partial

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import ngettext
from taggit.models import Tag

from catalog.admin.base import (
    EditorFieldsMixin,
    FoldedSearchMixin,
    ImageStorageErrorMixin,
    thumbnail,
)
from catalog.admin.conflicts import ConflictAdminMixin
from catalog.models import EditConflict
from reviews_site.admin import VersionedAdmin
from reviews_site.revisions import revision

from .. import workflow
from ..models import RATING_SCALE, Score, WriteUp, WriteUpAuthor
from .mentions import MentionInline
from .staged import StagedChangeAdminMixin
from .trash import TrashInsteadOfDeleteMixin
from .workflow import WorkflowAdminMixin


class ScoreInline(EditorFieldsMixin, admin.TabularInline):
    model = Score
    fields = ("label", "value", "scale", "order")
    extra = 1
    field_help = {
        "value": "Between 0 and the scale.",
        "order": "Position in the score box; lower comes first.",
    }


class BylineInline(EditorFieldsMixin, admin.TabularInline):
    model = WriteUpAuthor
    fields = ("author", "order")
    autocomplete_fields = ("author",)
    extra = 1
    verbose_name = "author"
    verbose_name_plural = "authors (in byline order)"
    field_help = {"order": "Position in the byline; lower comes first."}


class StatusFilter(admin.SimpleListFilter):
    """Each state of the review loop; "published" split into live, scheduled and expired,
    since "published" alone does not say whether readers see it."""

    title = "status"
    parameter_name = "state"
    STATES = (
        WriteUp.Status.DRAFT,
        WriteUp.Status.IN_REVIEW,
        WriteUp.Status.CHANGES_REQUESTED,
        WriteUp.Status.UNPUBLISHED,
    )

    def lookups(self, request, model_admin):
        return (
            *((state.value, state.label) for state in self.STATES),
            ("live", "Published and live"),
            ("scheduled", "Scheduled"),
            ("expired", "Expired (past its unpublish time)"),
        )

    def queryset(self, request, queryset):
        now = timezone.now()
        published = queryset.filter(status=WriteUp.Status.PUBLISHED)
        if self.value() in self.STATES:
            return queryset.filter(status=self.value())
        if self.value() == "live":
            return queryset.published()
        if self.value() == "scheduled":
            return published.filter(published_at__gt=now)
        if self.value() == "expired":
            return published.filter(unpublish_at__lte=now)
        return queryset


class TagFilter(admin.SimpleListFilter):
    title = "tag"
    parameter_name = "tag"

    def lookups(self, request, model_admin):
        used = Tag.objects.filter(reviews_taggedwriteup_items__isnull=False).distinct()
        return used.order_by("name").values_list("slug", "name")

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(tags__slug=self.value())
        return queryset


# Room to write: the body is the page, the standfirst a full sentence.
LARGE_WIDGETS = {
    "body": forms.Textarea(attrs={"rows": 36, "cols": 100, "class": "vLargeTextField"}),
    "standfirst": forms.TextInput(attrs={"class": "vLargeTextField"}),
}


@admin.register(WriteUp)
class WriteUpAdmin(
    WorkflowAdminMixin,  # who may do what, and the moves between states (workflow.py)
    StagedChangeAdminMixin,  # edits to published pieces are staged (staged.py)
    ConflictAdminMixin,
    ImageStorageErrorMixin,  # a lead image the storage refuses is an error on its field
    TrashInsteadOfDeleteMixin,
    FoldedSearchMixin,
    EditorFieldsMixin,
    VersionedAdmin,
):
    folded_search_lookups = ("show__search_names",)
    list_display = (
        "title",
        "kind",
        "status_label",
        "published_at",
        "created_by",
        "show",
        "rating_display",
        "tag_list",
    )
    list_filter = (
        "kind",
        StatusFilter,
        ("show", admin.RelatedOnlyFieldListFilter),
        ("authors", admin.RelatedOnlyFieldListFilter),
        TagFilter,
    )
    list_select_related = ("show", "created_by")
    search_fields = (
        "title",
        "standfirst",
        "body",
        "show__title",
        "show__native_title",
        "show__alternative_titles__title",
    )
    autocomplete_fields = ("show", "episode", "outlet")
    prepopulated_fields = {"slug": ("title",)}
    date_hierarchy = "published_at"
    readonly_fields = ("rating_display", "reading_minutes", "lead_image_preview")
    inlines = (BylineInline, ScoreInline, MentionInline)
    # delete_selected moves to the trash (TrashInsteadOfDeleteMixin).
    actions = ("submit_for_review", "publish", "unpublish", "delete_selected")
    compare_labels = {"tagged_items": "tags"}
    field_help = {
        "title": "The headline.",
        "kind": "Review of a whole show, recap of one episode, or a feature.",
        "show": "Type any title of the show, in any spelling or in Hangul.",
        "status": "Draft until it is ready; the buttons below the form move it through review. "
        "Published pieces appear at their publish time.",
        "tags": "Comma-separated: romance, slow burn, office.",
    }

    def get_fieldsets(self, request, obj=None):
        return (
            # The hidden version the form was opened at (catalog/admin/conflicts.py).
            (None, {"fields": ("title", "slug", "kind", "standfirst", "version")}),
            ("About", {"fields": ("show", "episode")}),
            (
                "Publishing",
                {"fields": ("status", "published_at", "unpublish_at", "featured", "tags")},
            ),
            (
                "Lead image",
                {
                    "fields": (
                        "lead_image",
                        "lead_image_preview",
                        "lead_image_alt",
                        ("lead_image_caption", "lead_image_credit"),
                    ),
                    "description": "Optional. Without one, cards use the show's poster or a "
                    "cover set in type. Only use an image the site may publish.",
                },
            ),
            (
                "Body",
                {
                    "fields": (
                        "body",
                        "has_spoilers",
                        ("spoiler_from_episode", "spoiler_to_episode"),
                    ),
                    "description": render_to_string("admin/reviews/writeup/markdown_help.html"),
                },
            ),
            ("Verdict", {"fields": ("verdict_watch", "verdict_skip")}),
            ("First published elsewhere", {"fields": ("outlet", "original_url")}),
            ("Derived from the above", {"fields": ("rating_display", "reading_minutes")}),
        )

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("tags")

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name in LARGE_WIDGETS:
            kwargs["widget"] = LARGE_WIDGETS[db_field.name]
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    @admin.display(description="current lead image")
    def lead_image_preview(self, writeup):
        return thumbnail(writeup.lead_image, writeup.lead_image_alt, width=320)

    @admin.display(description="status", ordering="status")
    def status_label(self, writeup):
        if writeup.is_scheduled:
            return "Scheduled"
        if writeup.is_expired:
            return "Expired"
        return writeup.get_status_display()

    @admin.display(description="rating", ordering="rating")
    def rating_display(self, writeup):
        if writeup.rating is None:
            return "—"
        return f"{writeup.rating.normalize():f} / {RATING_SCALE}"

    @admin.display(description="tags")
    def tag_list(self, writeup):
        return ", ".join(tag.name for tag in writeup.tags.all()) or "—"

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        writeup = form.instance
        if writeup.status == WriteUp.Status.PUBLISHED and not writeup.bylines.exists():
            self.message_user(
                request,
                f"“{writeup}” is published without an author. Add a byline unless it is "
                "meant to be unsigned.",
                messages.WARNING,
            )

    @admin.action(description="Publish selected write-ups", permissions=["publish"])
    def publish(self, request, queryset):
        if not self.has_publish_permission(request):  # a crafted POST, past get_actions()
            raise PermissionDenied
        move = workflow.MOVES["publish"]
        now = timezone.now()
        published = scheduled = 0
        skipped = []
        for writeup in queryset.filter(status__in=move.sources):
            moved_from = writeup.status
            fields = workflow.apply(writeup, move, now)
            if not self.save_from_action(
                request,
                writeup,
                fields,
                move.message,
                record=partial(workflow.record, writeup, moved_from, move.target, request.user),
            ):
                skipped.append(writeup)
                continue
            published += 1
            scheduled += writeup.published_at > now
        self.report_skipped(request, skipped)
        if not published and skipped:
            return
        if not published:
            self.message_user(
                request, "Nothing to publish: no unpublished piece was selected.", messages.INFO
            )
            return
        message = ngettext("Published %d write-up.", "Published %d write-ups.", published) % (
            published
        )
        if scheduled:
            message += " " + ngettext(
                "%d of them is scheduled and appears at its publish time.",
                "%d of them are scheduled and appear at their publish times.",
                scheduled,
            ) % (scheduled,)
        self.message_user(request, message, messages.SUCCESS)

    @admin.action(description="Unpublish selected write-ups", permissions=["publish"])
    def unpublish(self, request, queryset):
        if not self.has_publish_permission(request):  # a crafted POST, past get_actions()
            raise PermissionDenied
        move = workflow.MOVES["unpublish"]
        count = 0
        skipped = []
        for writeup in queryset.filter(status__in=move.sources):
            moved_from = writeup.status
            fields = workflow.apply(writeup, move)
            if not self.save_from_action(
                request,
                writeup,
                fields,
                move.message,
                record=partial(workflow.record, writeup, moved_from, move.target, request.user),
            ):
                skipped.append(writeup)
                continue
            count += 1
        self.report_skipped(request, skipped)
        if not count and skipped:
            return
        if not count:
            self.message_user(request, "Nothing to unpublish: no published write-up was selected.")
            return
        self.message_user(
            request,
            ngettext("Unpublished %d write-up.", "Unpublished %d write-ups.", count) % count,
            messages.SUCCESS,
        )

    def save_from_action(self, request, writeup, fields, comment, record=None):
        """Write ``fields`` of a row an action loaded, unless someone saved it since; log it.

        Only those fields (and the version, which moves, so forms opened before
        are stale) are written, on the version the action read, in a revision
        of its own (``comment``), with ``record()`` (a state change) in the same
        transaction; False when that save was refused because another landed
        in between.
        """
        try:
            with transaction.atomic(), revision(request.user, comment):
                writeup.save(update_fields=fields)
                if record is not None:
                    record()
                self.log_change(request, writeup, comment)
        except EditConflict:
            return False
        return True

    def report_skipped(self, request, skipped):
        if not skipped:
            return
        titles = ", ".join(f"“{writeup}”" for writeup in skipped)
        message = ngettext(
            "Skipped %(titles)s: someone else saved it at the same moment. Open it to see "
            "what changed, then try again.",
            "Skipped %(titles)s: someone else saved them at the same moment. Open them to see "
            "what changed, then try again.",
            len(skipped),
        ) % {"titles": titles}
        self.message_user(request, message, messages.WARNING)
