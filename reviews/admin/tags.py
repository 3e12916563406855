"""Tags in the admin: usage counts, merging (reviews.tag_vocabulary), synonyms and a
description inline, the slug made when left empty and a slug that is another tag's old
address refused."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.template.response import TemplateResponse
from taggit.admin import TagAdmin as TaggitTagAdmin
from taggit.models import Tag

from reviews_site import old_slugs

from ..models import TagDescription, TagSynonym, WriteUp
from ..tag_vocabulary import merge_comment, merge_tags


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

    def clean_name(self):
        # A synonym already gives another tag: a tag of that name could never be typed.
        name = self.cleaned_data["name"]
        synonym = TagSynonym.objects.filter(name__iexact=name).select_related("tag").first()
        if synonym is not None and synonym.tag_id != self.instance.pk:
            raise forms.ValidationError(
                f"“{name}” is a synonym of the tag “{synonym.tag}”: typing it gives that tag. "
                "Remove the synonym from that tag first, or choose another name.",
                code="synonym",
            )
        return name

    def clean_slug(self):
        # Our own models refuse old slugs in validate_constraints (KeepsOldSlugs); taggit's
        # Tag is not ours to change, so its form does.
        slug = self.cleaned_data["slug"]
        message = old_slugs.conflict_message(Tag, slug, self.instance.pk) if slug else None
        if message:
            raise forms.ValidationError(message, code="old_slug")
        return slug


class TagSynonymInline(admin.TabularInline):
    model = TagSynonym
    extra = 1
    verbose_name_plural = "synonyms (names that give this tag when typed on a write-up)"


class TagDescriptionInline(admin.StackedInline):
    model = TagDescription
    can_delete = False


class MergeForm(forms.Form):
    target = forms.ModelChoiceField(
        queryset=Tag.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
        label="Merge into",
        help_text="The tag that stays; the others' names become its synonyms.",
    )

    def __init__(self, tags, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].queryset = tags


admin.site.unregister(Tag)


@admin.register(Tag)
class TagAdmin(TaggitTagAdmin):
    form = TagForm
    inlines = [TagDescriptionInline, TagSynonymInline]
    list_display = ["name", "slug", "published_uses", "uses"]
    search_fields = ["name", "synonyms__name"]
    # taggit's "Merge selected tags" moves only its stock TaggedItem rows, never ours.
    actions = ["merge_selected"]

    def get_urls(self):
        # Without taggit's merge-tags/ view (see actions).
        return super(TaggitTagAdmin, self).get_urls()

    def get_queryset(self, request):
        # Both counts in the changelist's one query, not one per row.
        published = WriteUp.objects.published().values("pk")
        items = "reviews_taggedwriteup_items"
        return (
            super()
            .get_queryset(request)
            .annotate(
                uses_count=Count(items),
                published_uses_count=Count(
                    items, filter=Q(**{f"{items}__content_object__in": published})
                ),
            )
        )

    @admin.display(description="published write-ups", ordering="published_uses_count")
    def published_uses(self, tag):
        return tag.published_uses_count

    @admin.display(description="all write-ups", ordering="uses_count")
    def uses(self, tag):
        return tag.uses_count

    @admin.action(description="Merge selected tags into one…", permissions=["change", "delete"])
    def merge_selected(self, request, queryset):
        """A confirmation page choosing the tag that stays, like the delete action's."""
        tags = queryset.order_by("name")
        if len(tags) < 2:
            self.message_user(
                request,
                "Select two tags or more to merge: a tag cannot be merged into itself.",
                messages.WARNING,
            )
            return None
        form = MergeForm(tags, request.POST if request.POST.get("post") else None)
        if form.is_valid():
            target = form.cleaned_data["target"]
            merged = [tag for tag in tags if tag.pk != target.pk]
            comment = merge_comment(target, merged)
            try:
                with transaction.atomic():
                    self.log_deletions(request, merged)
                    moved = merge_tags(target, merged, user=request.user)
                    self.log_change(request, target, comment)
            except IntegrityError:
                # Someone tagged a write-up with the target while the links moved.
                self.message_user(
                    request,
                    "The tags changed while they were being merged; nothing was merged. Try again.",
                    messages.ERROR,
                )
                return None
            self.message_user(
                request,
                f"{comment} {len(moved)} write-up(s) moved; the merged names are now synonyms.",
                messages.SUCCESS,
            )
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": "Merge tags",
            "opts": self.model._meta,
            "tags": tags,
            "form": form,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/taggit/tag/merge_confirmation.html", context)
