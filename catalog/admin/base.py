"""Pieces the catalog and reviews admins share: spelling-proof search, help, thumbnails, images."""

from django.contrib import admin
from django.contrib.admin.utils import lookup_spawns_duplicates
from django.db import models
from django.db.models import Q
from django.utils.html import format_html

from ..images import ImageNotStored, stored_sizes
from ..names import fold


class FoldedSearchMixin:
    """Admin search that also finds a row by any spelling of its names.

    Django's search matches the words as typed. This adds every row whose
    folded search key (see catalog.names) contains the folded search term,
    so "Hyungsik", "Park Hyung Sik" and "박형식" all find Park Hyung-sik, and
    a show is found by a working title. Autocomplete widgets use the same
    search. ``folded_search_lookups`` name the key columns to match.
    """

    folded_search_lookups = ("search_names",)

    def get_search_results(self, request, queryset, search_term):
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        folded = fold(search_term)
        if folded and self.folded_search_lookups:
            matches = Q.create(
                [(f"{lookup}__contains", folded) for lookup in self.folded_search_lookups],
                connector=Q.OR,
            )
            # Both sides start from ``queryset``, so list filters still apply.
            results |= queryset.filter(matches)
            may_have_duplicates |= any(
                lookup_spawns_duplicates(self.opts, lookup) for lookup in self.folded_search_lookups
            )
        return results, may_have_duplicates


class EditorFieldsMixin:
    """Form fields as editors need them, without touching the models.

    Help text for editor-facing fields whose model field has none (the admin
    is the editors' only manual; ``field_help`` maps field names to text), and
    addresses typed without a scheme taken as https.
    """

    field_help = {}

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if isinstance(db_field, models.URLField):
            kwargs.setdefault("assume_scheme", "https")
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if formfield is not None and not formfield.help_text:
            formfield.help_text = self.field_help.get(db_field.name, "")
        return formfield


class ImageStorageErrorMixin:
    """An image the storage refuses is an error on its field, with the rest of the form kept.

    The image is stored when the row is saved, after the form was found
    valid, inside the admin's transaction. When the storage fails
    (``ImageNotStored``: an unwritable or full media folder), that transaction
    is rolled back and the page is built again from the same POST, with the
    error on the image field: the editor's other changes are still in the
    form. The cause is logged where it happened (catalog.models.fields).
    """

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except ImageNotStored as failure:
            request.image_not_stored = failure
            return super().changeform_view(request, object_id, form_url, extra_context)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        failure = getattr(request, "image_not_stored", None)
        if failure is None:
            return form

        class NotStoredForm(form):
            def clean(self):
                cleaned_data = super().clean()
                field = failure.field_name if failure.field_name in self.fields else None
                self.add_error(field, failure.message)
                return cleaned_data

        return NotStoredForm


def thumbnail(image, alt, width=60):
    """A small <img> of a stored image, from the narrowest copy wide enough; "—" without one."""
    if not image:
        return "—"
    sizes = stored_sizes(image)
    url, stored_width, stored_height = next(
        (size for size in sizes if size[1] and size[1] >= width), sizes[-1]
    )
    if not stored_width:
        return format_html('<img src="{}" alt="{}" width="{}">', url, alt, width)
    height = round(stored_height * width / stored_width)
    return format_html('<img src="{}" alt="{}" width="{}" height="{}">', url, alt, width, height)


class ExternalIDInline(EditorFieldsMixin, admin.TabularInline):
    """A show's or a person's IDs at other sites: one per site, never made up."""

    fields = ("site", "value")
    extra = 1
    max_num = 4  # one per site
    field_help = {
        "site": "Paste the page's address or type its ID; add none you have not checked.",
    }
