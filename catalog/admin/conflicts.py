"""Stale change forms are refused, shown and kept: the admin side of VersionedModel.

A change form carries the version it was opened at (a hidden input). When it
comes back after someone else saved, the form is invalid: the page answers
again with the editor's own input, who saved and when, and the saved values
beside theirs (conflict_report.py); nothing is written. The form then carries
the current version, so that a deliberate second save goes through. The
database write checks the version too (VersionedModel), which closes the gap
between this check and the save: a save refused there is rolled back and the
form answered again, now seeing the other save.
"""

from django import forms
from django.contrib.admin.utils import flatten_fieldsets
from django.core.exceptions import ValidationError

from ..models import EditConflict, VersionedModel
from .conflict_report import conflict_report

STALE_MESSAGE = (
    "Someone saved this %(name)s after you opened it, so nothing was saved. "
    "Your changes are still in the form: compare them with the saved values, "
    "then save again to keep yours."
)


class VersionedModelForm(forms.ModelForm):
    """A model form that refuses to save over a version it was not opened at.

    ``edit_conflict`` holds (opened, current) versions once the form is found stale.
    """

    # The admin saves its main form even when nothing in it changed (an
    # inline-only edit still makes a new version), so it is always checked;
    # an unchanged inline row is not saved, so it is not.
    checked_unchanged = True
    edit_conflict = None

    def clean(self):
        cleaned_data = super().clean()
        opened = cleaned_data.get("version")
        current = None if self.instance._state.adding else self.instance.__dict__.get("version")
        if opened is None or current is None or opened == current:
            return cleaned_data
        if not (self.checked_unchanged or self.has_changed()):
            return cleaned_data
        self.edit_conflict = (opened, current)
        # Answered again, the form carries the current version: saving it once
        # more, after reading the differences, is a deliberate overwrite.
        self.data = self.data.copy()
        self.data[self.add_prefix("version")] = current
        raise ValidationError(
            STALE_MESSAGE, code="stale", params={"name": self.instance._meta.verbose_name}
        )


class InlineVersionedModelForm(VersionedModelForm):
    checked_unchanged = False


def with_version_field(model, fieldsets):
    """``fieldsets`` with the hidden version in the first one, for a versioned model."""
    if not issubclass(model, VersionedModel) or "version" in flatten_fieldsets(fieldsets):
        return fieldsets
    (name, options), *others = fieldsets
    return [(name, {**options, "fields": (*options["fields"], "version")}), *others]


class ConflictAdminMixin:
    """For a ModelAdmin: stale saves of the change form are refused and explained."""

    form = VersionedModelForm

    def get_fieldsets(self, request, obj=None):
        return with_version_field(self.model, super().get_fieldsets(request, obj))

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except EditConflict:
            # Another save landed between this form's check and its write; the
            # write was refused and everything rolled back. Answered again, the
            # form sees that save and reports it.
            for files in request.FILES.lists():
                for file in files[1]:
                    file.seek(0)
            return super().changeform_view(request, object_id, form_url, extra_context)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        inlines = [
            (inline.opts.verbose_name_plural, inline.formset)
            for inline in context.get("inline_admin_formsets", ())
        ]
        report = conflict_report(context["adminform"].form, inlines)
        if report is not None:
            context["edit_conflict"] = report
        return super().render_change_form(request, context, add, change, form_url, obj)


class VersionedInlineMixin:
    """For an inline of a versioned model: each changed row is checked like the main form."""

    form = InlineVersionedModelForm

    def get_fieldsets(self, request, obj=None):
        return with_version_field(self.model, super().get_fieldsets(request, obj))
