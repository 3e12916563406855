"""Staged changes to published write-ups: what is kept of the change form, and its preview.

A staged change (models/staged.py) is the change form as the editor last
saved it; docs/workflow.md says why. The admin binds its forms to it again
to continue the draft and to publish it (admin/staged.py); the public page
builds the staged write-up in memory for staff, so nothing readers see moves.
"""

from django import forms
from django.db import models
from django.db.models import F
from django.forms.models import inlineformset_factory, modelform_factory
from taggit.models import Tag

from catalog.models import EditConflict
from catalog.names import slugify_name

from .models import StagedChange, TaggedWriteUp, WriteUp

PUBLISH = "_publish_changes"
DISCARD = "_discard_changes"
# Buttons and the CSRF token: not part of the change.
NOT_STORED = frozenset(
    {"csrfmiddlewaretoken", "_save", "_continue", "_addanother", "_saveasnew", PUBLISH, DISCARD}
)


def stage(writeup, form, formsets, user):
    """Keep the submitted change form of ``writeup`` aside, in place of saving it.

    Staging is a save as far as edit conflicts go: it moves the live row's
    version (and nothing else of the row), so a form opened before it is
    refused as stale, and a second editor cannot silently overwrite the draft.
    """
    opened = form.cleaned_data.get("version") or writeup.version
    # The form checked the version already; the write checks it again (VersionedModel).
    moved = WriteUp.objects.filter(pk=writeup.pk, version=opened).update(version=F("version") + 1)
    if not moved:
        raise EditConflict(writeup, opened)
    fields = {"": [name for name in form.base_fields if name != "version"]}
    for formset in formsets:
        fields[formset.prefix] = list(formset.form.base_fields)
    inputs = {name: values for name, values in form.data.lists() if name not in NOT_STORED}
    inputs["version"] = [str(opened + 1)]
    staged, _ = StagedChange.objects.update_or_create(
        writeup=writeup,
        defaults={
            "data": {"inputs": inputs, "fields": fields},
            "base_version": opened + 1,
            "updated_by": user,
        },
        create_defaults={
            "data": {"inputs": inputs, "fields": fields},
            "base_version": opened + 1,
            "created_by": user,
            "updated_by": user,
        },
    )
    writeup.version = opened + 1
    return staged


def with_live_values(live_form, staged):
    """The staged inputs, plus the live values of fields the stager's form did not have.

    A writer's form has no publishing fields (reviews/admin/workflow.py): an
    editor who opens the staged change gets them as they are live now.
    """
    data = staged.form_data()
    staged_fields = set(staged.data["fields"].get("", ()))
    for bound in live_form:
        if bound.name in staged_fields or bound.name not in live_form.fields:
            continue
        widget, value = bound.field.widget, bound.value()
        widget = getattr(widget, "widget", widget)  # the admin's related-field wrapper
        if isinstance(widget, forms.MultiWidget):
            parts = value if isinstance(value, list) else widget.decompress(value)
            for suffix, subwidget, part in zip(
                widget.widgets_names, widget.widgets, parts, strict=True
            ):
                data[f"{bound.html_name}{suffix}"] = subwidget.format_value(part) or ""
        elif isinstance(widget, forms.CheckboxInput):
            if value:
                data[bound.html_name] = "on"
        elif value is not None:
            data[bound.html_name] = widget.format_value(value) or ""
    return data


def staged_for(user, writeup):
    """The staged change of ``writeup`` if ``user`` may preview it (staff who view write-ups)."""
    if not (user.is_staff and user.has_perm("reviews.view_writeup")):
        return None
    return StagedChange.objects.filter(writeup=writeup).first()


def _formfield(db_field, **kwargs):
    # As the admin reads addresses (catalog.admin.base.EditorFieldsMixin).
    if isinstance(db_field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")
    return db_field.formfield(**kwargs)


def apply_in_memory(writeup, staged):
    """Give ``writeup`` its staged values, scores, bylines and tags, without writing anything.

    The parts are set as ``writeup``'s prefetched rows, which the page reads.
    False, and ``writeup`` untouched, when the stored form is no longer valid
    (an author deleted since, say): the page then shows the live version.
    """
    data, fields = staged.form_data(), staged.data["fields"]
    live = {name: getattr(writeup, name) for name in fields[""] if name != "tags"}
    form = modelform_factory(WriteUp, fields=fields[""], formfield_callback=_formfield)(
        data, instance=writeup
    )
    formsets = [
        inlineformset_factory(
            WriteUp, WriteUp._meta.get_field(prefix).related_model, fields=names, extra=0
        )(data, instance=writeup, prefix=prefix)
        for prefix, names in fields.items()
        if prefix
    ]
    if not (form.is_valid() and all(formset.is_valid() for formset in formsets)):
        for name, value in live.items():  # validation wrote the staged values on it
            setattr(writeup, name, value)
        return False
    parts = {}
    for formset in formsets:
        kept = [
            part.instance
            for part in formset.forms
            if part not in formset.deleted_forms
            and (part.instance.pk is not None or part.has_changed())
        ]
        kept.sort(key=lambda part: (getattr(part, "order", 0), part.pk or 0))
        parts[formset.prefix] = kept
    if "tags" in form.cleaned_data:
        names = form.cleaned_data["tags"]
        known = {tag.name: tag for tag in Tag.objects.filter(name__in=names)}
        parts["tagged_items"] = [
            TaggedWriteUp(
                content_object=writeup,
                tag=known.get(name) or Tag(name=name, slug=slugify_name(name, "tag", 100, True)),
            )
            for name in names
        ]
    prefetched = getattr(writeup, "_prefetched_objects_cache", {})
    writeup._prefetched_objects_cache = {**prefetched, **parts}
    writeup.render_body()
    writeup.rating = writeup.compute_rating()
    return True
