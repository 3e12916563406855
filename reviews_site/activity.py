"""Recent activity: who added, changed, published, unpublished and deleted what, site-wide.

The admin's list of the audit trail (models/audit.py), which outlives
accounts, newest first, filtered by user, kind of action and model. Editors
and superusers see it (``reviews_site.view_auditentry``). Each object that
still exists, and that the reader may open, is linked: one query finds them
for the whole page, whatever models it names.
"""

from collections import defaultdict

from django.contrib import admin
from django.contrib.admin.utils import quote
from django.core.exceptions import ValidationError
from django.db.models import CharField, IntegerField, Value
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils.html import format_html

from .audit import copy_missing_log_entries
from .models import AuditEntry
from .time_zones import ZonedTimesMixin


class UserFilter(admin.AllValuesFieldListFilter):
    """Every name in the trail, deleted accounts' included."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.title = "user"


def openable_objects(request, entries):
    """The (content type id, object id) of each entry's object that the reader may open."""
    ids = defaultdict(set)
    for entry in entries:
        if entry.content_type_id and entry.object_id:
            ids[entry.content_type].add(entry.object_id)
    queries = []
    for content_type, object_ids in ids.items():
        model = content_type.model_class()
        model_admin = admin.site._registry.get(model)
        if model_admin is None or not model_admin.has_view_or_change_permission(request):
            continue
        pks = []
        for object_id in object_ids:
            try:
                pks.append(model._meta.pk.to_python(object_id))
            except ValidationError:
                continue
        # What the model's admin opens (the write-ups' leaves out the trash).
        visible = model_admin.get_queryset(request).filter(pk__in=pks).values("pk")
        queries.append(
            model._base_manager.filter(pk__in=visible)
            .order_by()
            .values_list(
                Value(content_type.pk, output_field=IntegerField()),
                Cast("pk", output_field=CharField()),
            )
        )
    if not queries:
        return set()
    return set(queries[0].union(*queries[1:], all=True))


@admin.register(AuditEntry)
class ActivityAdmin(ZonedTimesMixin, admin.ModelAdmin):
    list_display = ("action_time", "who", "kind", "object_model", "object_link", "message")
    list_display_links = None
    list_filter = (
        ("user_name", UserFilter),
        "kind",
        ("content_type", admin.RelatedOnlyFieldListFilter),
    )
    list_select_related = ("content_type",)
    list_per_page = 50
    show_full_result_count = False
    ordering = ("-action_time", "-pk")
    search_fields = ("object_repr", "user_name")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        # Django logs bulk actions without signals: bring them into the trail first.
        copy_missing_log_entries()
        return super().changelist_view(
            request, {"title": "Recent activity", **(extra_context or {})}
        )

    def get_changelist_instance(self, request):
        changelist = super().get_changelist_instance(request)
        # The page's rows are read here once; the template reuses them.
        entries = list(changelist.result_list)
        openable = openable_objects(request, entries)
        for entry in entries:
            key = (entry.content_type_id, entry.object_id)
            entry.admin_url = (
                reverse(
                    f"admin:{entry.content_type.app_label}_{entry.content_type.model}_change",
                    args=[quote(entry.object_id)],
                )
                if key in openable
                else None
            )
        return changelist

    @admin.display(description="user", ordering="user_name")
    def who(self, entry):
        if entry.user_id is None:
            return f"{entry.user_name} (account deleted)"
        return entry.user_name

    @admin.display(description="model")
    def object_model(self, entry):
        return entry.content_type.name if entry.content_type else "—"

    @admin.display(description="object")
    def object_link(self, entry):
        if entry.admin_url:
            return format_html('<a href="{}">{}</a>', entry.admin_url, entry.object_repr)
        return entry.object_repr

    @admin.display(description="details")
    def message(self, entry):
        return entry.get_change_message()
