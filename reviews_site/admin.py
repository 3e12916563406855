"""The admin's history and restore, shared by every versioned model (django-reversion).

``VersionedAdmin`` is reversion-compare's admin (history with a compare form,
restore, "Recover deleted ...") with two changes:

- A deletion first stores the object as it is (with its parts), in a
  revision of its own per object, so the newest version of a deleted row is
  its last state and "Recover deleted" brings back exactly that one row.
- The change list is not wrapped in one revision: every action versions each
  object on its own (``reviews_site.revisions.revision``), for the same reason.

Who made each version is named from ``RevisionSignature``, which outlives the
account (templates/reversion-compare/action_list_partial.html). Dates and
times are in the editor's own zone, named (time_zones.py).

This module also registers the recent activity page (activity.py) and the
editors' preferences in the user admin.
"""

import reversion
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import ImproperlyConfigured
from reversion.admin import VersionAdmin
from reversion_compare.admin import CompareVersionAdmin

from . import activity  # noqa: F401 - registers the recent activity page
from .models import EditorPreferences
from .revisions import store_before_deletion
from .time_zones import PreferencesForm, ZonedTimesMixin


class VersionedAdmin(ZonedTimesMixin, CompareVersionAdmin):
    # Newest first, like every other list in the admin.
    history_latest_first = True
    # Headings of followed relations on the compare page, where the model's name does not serve.
    compare_labels = {}

    def reversion_register(self, model, **kwargs):
        # The admin loads before the apps' ready(): a model it would register
        # itself would miss its follows and exclusions.
        raise ImproperlyConfigured(
            f"{model._meta.label} is not registered with django-reversion: register it in "
            f"{model._meta.app_label}/revisions.py and import that module from the admin package."
        )

    def __init__(self, model, admin_site):
        super().__init__(model, admin_site)
        # Compare what a version holds and nothing else: not the derived fields,
        # nor the reverse relations it does not follow (a search index table).
        # The times are in the list of versions already.
        options = reversion.revisions._get_options(model)
        fields = [name for name in options.fields if name not in ("created_at", "updated_at")]
        self.compare_fields = [*fields, *options.follow]

    def compare(self, obj, version1, version2):
        diff, has_unfollowed_fields = super().compare(obj, version1, version2)
        for entry in diff:
            # A followed relation has no verbose name of its own.
            field = entry["field"]
            entry["label"] = (
                self.compare_labels.get(field.name)
                or getattr(field, "verbose_name", None)
                or field.related_model._meta.verbose_name_plural
            )
        return diff, has_unfollowed_fields

    def _order_version_queryset(self, queryset):
        # The history names each version's user from its signature: one join, not a query a row.
        return super()._order_version_queryset(queryset).select_related("revision__signature")

    def _reversion_order_version_queryset(self, request, queryset):
        # The same for the list of deleted objects.
        queryset = super()._reversion_order_version_queryset(request, queryset)
        return queryset.select_related("revision__signature")

    def changelist_view(self, request, extra_context=None):
        context = {"has_change_permission": self.has_change_permission(request)}
        # Skip VersionAdmin's revision around the whole list: see the module docstring.
        return super(VersionAdmin, self).changelist_view(request, context | (extra_context or {}))

    def delete_model(self, request, obj):
        store_before_deletion(request.user, [obj])
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        store_before_deletion(request.user, queryset)
        super().delete_queryset(request, queryset)


class EditorPreferencesInline(admin.StackedInline):
    model = EditorPreferences
    form = PreferencesForm
    can_delete = False


class UserAdminWithPreferences(UserAdmin):
    inlines = (*UserAdmin.inlines, EditorPreferencesInline)


User = get_user_model()
admin.site.unregister(User)
admin.site.register(User, UserAdminWithPreferences)
