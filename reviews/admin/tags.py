"""Tags in the admin: taggit's own admin, with the slug made when left empty and a slug
that is another tag's old address refused."""

from django import forms
from django.contrib import admin
from taggit.admin import TagAdmin as TaggitTagAdmin
from taggit.models import Tag

from reviews_site import old_slugs


class TagForm(forms.ModelForm):
    class Meta:
        model = Tag
        fields = ("name", "slug")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        slug = self.fields["slug"]
        # The admin's script leaves it empty for a Hangul or emoji name;
        # reviews.signals.make_tag_slug then makes one.
        slug.required = False
        slug.help_text = "The tag's address: /tags/<slug>/. Leave empty to make one."

    def clean_slug(self):
        # Our own models refuse old slugs in validate_constraints (KeepsOldSlugs); taggit's
        # Tag is not ours to change, so its form does.
        slug = self.cleaned_data["slug"]
        message = old_slugs.conflict_message(Tag, slug, self.instance.pk) if slug else None
        if message:
            raise forms.ValidationError(message, code="old_slug")
        return slug


admin.site.unregister(Tag)


@admin.register(Tag)
class TagAdmin(TaggitTagAdmin):
    form = TagForm
