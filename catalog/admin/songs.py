"""OST songs: who sings them, in order, and who wrote and produced them."""

from django.contrib import admin
from django.db.models import Prefetch

from reviews_site.admin import VersionedAdmin

from ..models import Song, SongCredit, SongPerformer
from .base import EditorFieldsMixin, FoldedSearchMixin
from .conflicts import ConflictAdminMixin


class SongPerformerInline(EditorFieldsMixin, admin.TabularInline):
    model = SongPerformer
    fields = ("person", "order")
    autocomplete_fields = ("person",)
    extra = 1
    verbose_name_plural = "performers (in credit order)"
    field_help = {
        "person": "A singer or a group; type any spelling of the name.",
        "order": "Position in the credit; lower comes first.",
    }


class SongCreditInline(EditorFieldsMixin, admin.TabularInline):
    model = SongCredit
    fields = ("person", "role")
    autocomplete_fields = ("person",)
    extra = 1
    verbose_name_plural = "song credits (lyrics, composition, arrangement, production)"


@admin.register(Song)
class SongAdmin(ConflictAdminMixin, FoldedSearchMixin, EditorFieldsMixin, VersionedAdmin):
    folded_search_lookups = ("search_names", "performers__search_names", "show__search_names")
    list_display = (
        "title",
        "native_title",
        "show",
        "part_number",
        "performer_list",
        "release_date",
    )
    list_filter = (("show", admin.RelatedOnlyFieldListFilter),)
    list_select_related = ("show",)
    search_fields = ("title", "native_title", "slug", "performers__name", "show__title")
    autocomplete_fields = ("show",)
    prepopulated_fields = {"slug": ("title",)}
    date_hierarchy = "release_date"
    ordering = ("show__title", "part_number", "title")
    fields = ("title", "slug", "native_title", "show", "part_number", "release_date")
    inlines = (SongPerformerInline, SongCreditInline)
    field_help = {"release_date": "When the song (or its OST part) was released."}

    def get_queryset(self, request):
        performances = SongPerformer.objects.select_related("person")
        return (
            super()
            .get_queryset(request)
            .prefetch_related(Prefetch("performances", queryset=performances))
        )

    @admin.display(description="performers")
    def performer_list(self, song):
        return ", ".join(p.person.name for p in song.performances.all()) or "—"
