"""Tags in the admin: taggit's own page, with the slug made for the editor when left empty."""

from django.contrib import admin
from taggit.admin import TagAdmin as TaggitTagAdmin
from taggit.models import Tag

admin.site.unregister(Tag)


@admin.register(Tag)
class TagAdmin(TaggitTagAdmin):
    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "slug":
            # The admin's script leaves it empty for a Hangul or emoji name;
            # reviews.signals.make_tag_slug then makes one.
            formfield.required = False
            formfield.help_text = "The tag's address: /tags/<slug>/. Leave empty to make one."
        return formfield
