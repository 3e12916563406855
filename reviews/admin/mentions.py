"""The write-up's links to the catalog, listed on its change form; an editor switches one off.

The rows are written by reviews/mentions.py when the body is rendered; this
inline only changes ``enabled``, then renders the body again with the
switches as they now are (docs/mentions.md).
"""

from django.contrib import admin
from django.forms.models import BaseInlineFormSet
from django.utils.html import format_html

from ..mentions import relink
from ..models import Mention


class MentionFormSet(BaseInlineFormSet):
    def save(self, commit=True):
        switched = [form for form in self.initial_forms if "enabled" in form.changed_data]
        for form in switched:
            mention = form.instance
            # By what the row says rather than its key: if the body changed in
            # the same save, the rows were written again with new keys.
            Mention.objects.filter(
                writeup=self.instance,
                kind=mention.kind,
                person=mention.person_id,
                show=mention.show_id,
                song=mention.song_id,
                credit=mention.credit_id,
                section=mention.section,
                text=mention.text,
            ).update(enabled=form.cleaned_data["enabled"])
        if switched:
            relink(self.instance)
        # What the admin's change message and history read.
        self.new_objects, self.deleted_objects = [], []
        self.changed_objects = [(form.instance, ["enabled"]) for form in switched]
        return []


class MentionInline(admin.TabularInline):
    model = Mention
    formset = MentionFormSet
    fields = ("text", "kind", "links_to", "section", "enabled")
    readonly_fields = ("text", "kind", "links_to", "section")
    extra = 0
    can_delete = False
    verbose_name = "link to the catalog"
    verbose_name_plural = (
        "links to the catalog (first mention per section; untick one to remove it)"
    )

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("person", "show", "song", "credit__show")
            .order_by("position")
        )

    @admin.display(description="links to")
    def links_to(self, mention):
        if mention.kind == Mention.Kind.AMBIGUOUS:
            return f"Not linked: could be {mention.ambiguous_between}"
        return format_html('<a href="{}">{}</a>', mention.target_url, mention.label)
