"""People and groups: their other names, memberships, credits and songs."""

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.forms.models import BaseInlineFormSet

from reviews_site.admin import VersionedAdmin

from ..models import Credit, Membership, Person, PersonExternalID, PersonName, SongPerformer
from .base import (
    EditorFieldsMixin,
    ExternalIDInline,
    FoldedSearchMixin,
    ImageStorageErrorMixin,
    thumbnail,
)
from .conflicts import ConflictAdminMixin


class AlternativeNameInline(EditorFieldsMixin, admin.TabularInline):
    model = PersonName
    fields = ("name", "kind")
    extra = 1
    field_help = {"name": "Another spelling, a stage or birth name: every one is searchable."}


class PersonExternalIDInline(ExternalIDInline):
    model = PersonExternalID


class MembersFormSet(BaseInlineFormSet):
    def clean(self):
        super().clean()
        if self.instance.kind == Person.Kind.GROUP:
            return
        kept = [
            form for form in self.forms if form.has_changed() and not self._should_delete_form(form)
        ]
        if kept:
            raise ValidationError("Only a group can have members: set the kind to Group first.")


class MembersInline(admin.TabularInline):
    """On a group: the people in it."""

    model = Membership
    fk_name = "group"
    formset = MembersFormSet
    fields = ("member",)
    autocomplete_fields = ("member",)
    extra = 1
    verbose_name = "member"
    verbose_name_plural = "members of this group"


class GroupsInline(admin.TabularInline):
    """On anyone: the groups they belong to."""

    model = Membership
    fk_name = "member"
    fields = ("group",)
    autocomplete_fields = ("group",)
    extra = 1
    verbose_name = "group"
    verbose_name_plural = "groups this person belongs to"


class ReadOnlyListInline(admin.TabularInline):
    """Rows edited elsewhere, listed here for reference (credits on the show's page)."""

    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class CreditListInline(ReadOnlyListInline):
    model = Credit
    fields = ("show", "role", "billing", "character_name")
    verbose_name_plural = "credits (edit them on the show's page)"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("show", "person")


class SongsPerformedInline(ReadOnlyListInline):
    model = SongPerformer
    fields = ("song",)
    show_change_link = False
    verbose_name = "song performed"
    verbose_name_plural = "songs performed (edit them on the song's page)"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("song", "person")


@admin.register(Person)
class PersonAdmin(
    ConflictAdminMixin,
    ImageStorageErrorMixin,
    FoldedSearchMixin,
    EditorFieldsMixin,
    VersionedAdmin,
):
    list_display = ("photo_thumbnail", "name", "native_name", "kind", "credit_count")
    list_display_links = ("photo_thumbnail", "name")
    list_filter = ("kind", "credits__role")
    search_fields = ("name", "native_name", "slug", "alternative_names__name")
    prepopulated_fields = {"slug": ("name",)}
    ordering = ("name",)
    readonly_fields = ("photo_preview",)
    compare_labels = {"member_links": "members", "group_links": "groups"}
    fieldsets = (
        (None, {"fields": ("name", "slug", "native_name", "kind")}),
        ("About", {"fields": ("bio",)}),
        ("Photo", {"fields": ("photo", "photo_preview")}),
    )

    def get_inlines(self, request, obj):
        if obj is None:
            return (AlternativeNameInline, PersonExternalIDInline, MembersInline, GroupsInline)
        members = (MembersInline,) if obj.is_group else ()
        return (
            AlternativeNameInline,
            PersonExternalIDInline,
            *members,
            GroupsInline,
            CreditListInline,
            SongsPerformedInline,
        )

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(credit_count=Count("credits", distinct=True))

    @admin.display(description="credits", ordering="credit_count")
    def credit_count(self, person):
        return person.credit_count

    @admin.display(description="photo")
    def photo_thumbnail(self, person):
        return thumbnail(person.photo, f"Photo of {person.name}", width=48)

    @admin.display(description="current photo")
    def photo_preview(self, person):
        return thumbnail(person.photo, f"Photo of {person.name}", width=200)
