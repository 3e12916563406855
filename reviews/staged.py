"""Staged changes to published write-ups: what is kept of the change form, and its preview.

A staged change (models/staged.py) is the change form as the editor last
saved it; docs/workflow.md says why. The admin binds its forms to it again
to continue the draft and to publish it (admin/staged.py); the public page
builds the staged write-up in memory for staff, so nothing readers see moves.
Files uploaded with the change are kept under ``staged/`` until it is
published or dropped ("Staged images" in docs/workflow.md).
"""

import logging
import os
import uuid
from functools import partial

from django import forms
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import models, transaction
from django.db.models import F
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.forms.models import inlineformset_factory, modelform_factory
from django.utils.html import format_html
from taggit.models import Tag

from catalog.images import ImageNotStored, PreparedImage, UploadedImageField
from catalog.images.headers import read_dimensions, sniff_format
from catalog.models import EditConflict
from catalog.models.fields import STORAGE_ERRORS
from catalog.names import slugify_name

from .models import StagedChange, TaggedWriteUp, WriteUp

logger = logging.getLogger(__name__)

PUBLISH = "_publish_changes"
DISCARD = "_discard_changes"
# Buttons and the CSRF token: not part of the change.
NOT_STORED = frozenset(
    {"csrfmiddlewaretoken", "_save", "_continue", "_addanother", "_saveasnew", PUBLISH, DISCARD}
)
# Where files uploaded with a staged change wait, in the default storage.
STAGED_FOLDER = "staged/"
NOT_READ = (
    "The file kept with the unpublished changes could not be read: %(reason)s. "
    "Choose the file again, or tell an administrator."
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
    earlier = StagedChange.objects.filter(writeup=writeup).values_list("data", flat=True).first()
    kept = (earlier or {}).get("files", {})
    files = _store_uploads(form, kept)
    data = {"inputs": inputs, "fields": fields, "files": files}
    staged, _ = StagedChange.objects.update_or_create(
        writeup=writeup,
        defaults={"data": data, "base_version": opened + 1, "updated_by": user},
        create_defaults={
            "data": data,
            "base_version": opened + 1,
            "created_by": user,
            "updated_by": user,
        },
    )
    _delete_after_commit(set(kept.values()) - set(files.values()))
    writeup.version = opened + 1
    return staged


def _store_uploads(form, kept):
    """{field name: stored name} of the files the staged change keeps after this save.

    A new upload (the field's cleaned value: an image is already re-encoded)
    is stored under ``staged/``; a file given back from ``kept`` stays; a
    cleared field keeps none. A storage failure is ``ImageNotStored``, which
    the admin turns into an error on the field.
    """
    files = {name: stored for name, stored in kept.items() if name not in form.fields}
    stored_now = []
    for name, field in form.fields.items():
        value = form.cleaned_data.get(name)
        if not isinstance(field, forms.FileField) or not value:
            continue
        if getattr(value, "staged_name", None):
            files[name] = value.staged_name
        elif form.add_prefix(name) in form.files:
            extension = os.path.splitext(value.name or "")[1].lower()
            try:
                files[name] = default_storage.save(
                    f"{STAGED_FOLDER}{uuid.uuid4().hex}{extension}", value
                )
            except STORAGE_ERRORS as error:
                logger.exception("Could not keep the staged %s in %s", name, STAGED_FOLDER)
                for stored in stored_now:
                    _delete_quietly(stored)
                raise ImageNotStored(
                    name, getattr(error, "strerror", None) or str(error)
                ) from error
            stored_now.append(files[name])
    return files


def give_back_files(form, staged):
    """Bind ``form`` also to the files kept with ``staged``, where its input brings no new file.

    Not where the input clears the field. A re-encoded image comes back as
    it was prepared (it is not re-encoded twice). Returns {field name: error}
    for the files the storage could not read.
    """
    files, errors = form.files.copy(), {}
    for name, stored in staged.data.get("files", {}).items():
        field, key = form.fields.get(name), form.add_prefix(name)
        if field is None or key in files:
            continue
        if field.widget.value_from_datadict(form.data, {}, key) is False:
            continue  # "Clear" ticked: no file at all
        try:
            with default_storage.open(stored, "rb") as opened:
                content = opened.read()
        except STORAGE_ERRORS as error:
            logger.exception("Could not read the staged file %s", stored)
            errors[name] = NOT_READ % {"reason": getattr(error, "strerror", None) or error}
            continue
        size = sniff_format(content) == "JPEG" and read_dimensions("JPEG", content)
        if isinstance(field, UploadedImageField) and size:
            files[key] = PreparedImage(content, *size)
        else:  # the form field checks it as any upload
            files[key] = ContentFile(content, name=os.path.basename(stored))
        files[key].staged_name = stored
    form.files = files
    return errors


def note_staged_files(form, staged):
    """Say, above each file field's help, that a file is waiting with the staged change."""
    for name, stored in staged.data.get("files", {}).items():
        field = form.fields.get(name)
        if field is None:
            continue
        note = format_html(
            '<strong>A <a href="{}">new {}</a> is waiting with the unpublished changes</strong>: '
            "it goes live when they are published. Choose another file to replace it.",
            default_storage.url(stored),
            str(field.label or name).lower(),
        )
        field.help_text = (
            format_html("{}<br>{}", note, field.help_text) if field.help_text else note
        )


def _delete_after_commit(names, using=None):
    for name in names:
        transaction.on_commit(partial(_delete_quietly, name), using=using)


def _delete_quietly(name):
    # After the commit: a storage that fails now must not turn a saved edit into an error.
    try:
        default_storage.delete(name)
    except STORAGE_ERRORS:
        logger.exception("Could not remove the staged file %s", name)


@receiver(post_delete, sender=StagedChange)
def delete_staged_files(sender, instance, using, **kwargs):
    """Published, discarded, or gone with its write-up: its files go once that commits."""
    _delete_after_commit(instance.data.get("files", {}).values(), using=using)


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
    """Give ``writeup`` its staged values, parts, tags and files, without writing anything.

    The parts are set as ``writeup``'s prefetched rows, which the page reads.
    A waiting file is shown where it is stored (``staged/``), not read again.
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
    for name, stored in staged.data.get("files", {}).items():
        if name in form.fields:
            # Already stored; its renditions are made when it is published, so
            # without a size the page lists the stored copy alone.
            field = WriteUp._meta.get_field(name)
            # Not through the field's descriptor, which would open the file to measure it.
            writeup.__dict__[field.attname] = stored
            for size in ("width_field", "height_field"):
                if getattr(field, size, None):
                    setattr(writeup, getattr(field, size), None)
    prefetched = getattr(writeup, "_prefetched_objects_cache", {})
    writeup._prefetched_objects_cache = {**prefetched, **parts}
    writeup.render_body()
    writeup.rating = writeup.compute_rating()
    return True
