"""Authors and outlets in the admin."""

from django.contrib import admin
from django.db.models import Count

from catalog.admin.base import EditorFieldsMixin
from catalog.admin.conflicts import ConflictAdminMixin
from reviews_site.admin import VersionedAdmin

from ..models import Author, Outlet


@admin.register(Author)
class AuthorAdmin(ConflictAdminMixin, EditorFieldsMixin, VersionedAdmin):
    list_display = ("name", "slug", "user", "writeup_count")
    list_select_related = ("user",)
    search_fields = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ("user",)
    ordering = ("name",)
    field_help = {"website": "The author's own site or profile, if they want it shown."}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(writeup_count=Count("writeups"))

    def get_readonly_fields(self, request, obj=None):
        # Linking an account needs the right to see accounts; editors see the link only.
        if not request.user.has_perm("auth.view_user"):
            return ("user",)
        return ()

    @admin.display(description="write-ups", ordering="writeup_count")
    def writeup_count(self, author):
        return author.writeup_count


@admin.register(Outlet)
class OutletAdmin(ConflictAdminMixin, EditorFieldsMixin, admin.ModelAdmin):
    list_display = ("name", "slug", "website", "writeup_count")
    search_fields = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}
    ordering = ("name",)
    field_help = {
        "name": "The publication, as the credit line names it.",
        "website": "Its home page.",
    }

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(writeup_count=Count("writeups"))

    @admin.display(description="write-ups", ordering="writeup_count")
    def writeup_count(self, outlet):
        return outlet.writeup_count
