"""Shows and what belongs to them: titles, cast and crew, episodes, songs, relatives."""

import reversion
from django.contrib import admin
from django.db.models import Count

from reviews_site.admin import VersionedAdmin
from reviews_site.revisions import revision

from ..models import (
    Credit,
    Episode,
    Genre,
    Network,
    Show,
    ShowExternalID,
    ShowRelation,
    ShowTitle,
    Song,
)
from .base import (
    EditorFieldsMixin,
    ExternalIDInline,
    FoldedSearchMixin,
    ImageStorageErrorMixin,
    thumbnail,
)
from .conflicts import ConflictAdminMixin, VersionedInlineMixin


class ShowTitleInline(EditorFieldsMixin, admin.TabularInline):
    model = ShowTitle
    fields = ("title", "kind")
    extra = 1
    field_help = {
        "title": "Every title readers may search for: romanizations, translations, working titles.",
    }


class ShowExternalIDInline(ExternalIDInline):
    model = ShowExternalID


class CreditInline(VersionedInlineMixin, EditorFieldsMixin, admin.TabularInline):
    model = Credit
    fields = ("person", "role", "billing", "character_name", "character_aliases", "order")
    autocomplete_fields = ("person",)
    extra = 1
    verbose_name = "credit"
    verbose_name_plural = "cast and crew"
    field_help = {"person": "Type any spelling of the name, or the Hangul."}


class EpisodeInline(VersionedInlineMixin, EditorFieldsMixin, admin.TabularInline):
    model = Episode
    fields = ("number", "title", "air_date", "runtime_minutes")
    extra = 1
    show_change_link = True
    field_help = {
        "title": "The episode's own title, if it has one.",
        "air_date": "First broadcast in Korea.",
    }


class SongInline(VersionedInlineMixin, EditorFieldsMixin, admin.TabularInline):
    model = Song
    fields = ("title", "slug", "native_title", "part_number", "release_date")
    prepopulated_fields = {"slug": ("title",)}
    extra = 1
    show_change_link = True
    verbose_name = "OST song"
    verbose_name_plural = "soundtrack (performers and credits on each song's page)"
    field_help = {"release_date": "When the OST part was released."}


class ShowRelationInline(EditorFieldsMixin, admin.TabularInline):
    model = ShowRelation
    fk_name = "show"
    fields = ("related_show", "kind")
    autocomplete_fields = ("related_show",)
    extra = 1
    verbose_name_plural = "related shows (sequels, spin-offs, remakes of this show)"
    field_help = {"kind": "What the related show is to this one: its sequel, spin-off, ..."}


@admin.register(Show)
class ShowAdmin(
    ConflictAdminMixin,
    ImageStorageErrorMixin,
    FoldedSearchMixin,
    EditorFieldsMixin,
    VersionedAdmin,
):
    list_display = (
        "poster_thumbnail",
        "title",
        "native_title",
        "kind",
        "year",
        "network",
        "episode_count",
        "genre_list",
    )
    list_display_links = ("poster_thumbnail", "title")
    list_filter = ("kind", ("network", admin.RelatedOnlyFieldListFilter), "year", "genres")
    list_select_related = ("network",)
    search_fields = ("title", "native_title", "slug", "alternative_titles__title")
    prepopulated_fields = {"slug": ("title",)}
    autocomplete_fields = ("network", "genres")
    date_hierarchy = "premiere_date"
    ordering = ("title",)
    readonly_fields = ("poster_preview",)
    fieldsets = (
        (None, {"fields": ("title", "slug", "native_title", "kind")}),
        (
            "Release",
            {"fields": ("premiere_date", "year", "network", "episode_count", "runtime_minutes")},
        ),
        ("About", {"fields": ("synopsis", "genres")}),
        ("Poster", {"fields": ("poster", "poster_preview")}),
    )
    inlines = (
        ShowTitleInline,
        ShowExternalIDInline,
        CreditInline,
        EpisodeInline,
        SongInline,
        ShowRelationInline,
    )
    field_help = {
        "kind": "Series for a drama in episodes; film; special; anthology of separate stories.",
        "network": "Where it first aired or streamed.",
        "genres": "Start typing to pick genres.",
    }

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("genres")

    @admin.display(description="poster")
    def poster_thumbnail(self, show):
        return thumbnail(show.poster, f"Poster of {show.title}", width=48)

    @admin.display(description="current poster")
    def poster_preview(self, show):
        return thumbnail(show.poster, f"Poster of {show.title}", width=200)

    @admin.display(description="genres")
    def genre_list(self, show):
        return ", ".join(genre.name for genre in show.genres.all()) or "—"


class ShowPartAdmin(admin.ModelAdmin):
    """Episodes and credits are versioned as parts of their show (catalog/revisions.py).

    A change made on their own page is stored as a new version of the show, so
    it is listed, compared and restored in the show's history.
    """

    def log_addition(self, request, obj, message):
        entry = super().log_addition(request, obj, message)
        self.store_show_version(request, obj.show, f"Added “{obj}”.")
        return entry

    def log_change(self, request, obj, message):
        entry = super().log_change(request, obj, message)
        self.store_show_version(request, obj.show, f"“{obj}”: {entry.get_change_message()}")
        return entry

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        self.store_show_version(request, obj.show, f"Deleted “{obj}”.")

    def delete_queryset(self, request, queryset):
        deleted = [(obj.show, str(obj)) for obj in queryset.select_related("show")]
        super().delete_queryset(request, queryset)
        for show, label in deleted:
            self.store_show_version(request, show, f"Deleted “{label}”.")

    def store_show_version(self, request, show, comment):
        with revision(request.user, comment):
            reversion.add_to_revision(show)


@admin.register(Episode)
class EpisodeAdmin(ConflictAdminMixin, FoldedSearchMixin, EditorFieldsMixin, ShowPartAdmin):
    folded_search_lookups = ("show__search_names",)
    list_display = ("__str__", "show", "number", "title", "air_date", "runtime_minutes")
    list_filter = (("show", admin.RelatedOnlyFieldListFilter),)
    list_select_related = ("show",)
    search_fields = ("title", "show__title", "show__native_title", "number__exact")
    autocomplete_fields = ("show",)
    date_hierarchy = "air_date"
    ordering = ("show__title", "number")
    fields = ("show", "number", "title", "air_date", "runtime_minutes", "synopsis")
    field_help = EpisodeInline.field_help | {"synopsis": "What happens, plain text. Spoilers."}

    def get_queryset(self, request):
        # The show is part of every episode's label, in lists and autocomplete.
        return super().get_queryset(request).select_related("show")


@admin.register(Credit)
class CreditAdmin(ConflictAdminMixin, FoldedSearchMixin, EditorFieldsMixin, ShowPartAdmin):
    folded_search_lookups = ("search_names", "person__search_names", "show__search_names")
    list_display = ("person", "show", "role", "billing", "character_name", "order")
    list_filter = ("role", "billing")
    list_select_related = ("person", "show")
    search_fields = ("character_name", "character_aliases", "person__name", "show__title")
    autocomplete_fields = ("show", "person")
    ordering = ("show__title", "order")
    field_help = CreditInline.field_help

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("person", "show")


class ShowCountAdmin(ConflictAdminMixin, admin.ModelAdmin):
    """A name-and-slug model that shows are filed under (networks, genres)."""

    list_display = ("name", "slug", "show_count")
    search_fields = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}
    ordering = ("name",)

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(show_count=Count("shows"))

    @admin.display(description="shows", ordering="show_count")
    def show_count(self, obj):
        return obj.show_count


@admin.register(Network)
class NetworkAdmin(ShowCountAdmin):
    pass


@admin.register(Genre)
class GenreAdmin(ShowCountAdmin):
    pass
