"""Tags in the admin: taggit's own admin, refusing a slug that is another tag's old address."""

from django import forms
from django.contrib import admin
from taggit.admin import TagAdmin as TaggitTagAdmin
from taggit.models import Tag

from reviews_site import old_slugs


class TagForm(forms.ModelForm):
    class Meta:
        model = Tag
        fields = ("name", "slug")

    def clean_slug(self):
        # Our own models refuse old slugs in validate_constraints (KeepsOldSlugs); taggit's
        # Tag is not ours to change, so its form does.
        slug = self.cleaned_data["slug"]
        message = old_slugs.conflict_message(Tag, slug, self.instance.pk)
        if message:
            raise forms.ValidationError(message, code="old_slug")
        return slug


admin.site.unregister(Tag)


@admin.register(Tag)
class TagAdmin(TaggitTagAdmin):
    form = TagForm
