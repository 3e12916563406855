"""An image field that stores only re-encoded images and keeps their renditions.

Whatever path a file takes to the model (an admin form, a command, the
shell), it is stored only after ``catalog.images.prepare_upload`` has checked
and re-encoded it. Narrower renditions and the WebP copies are made when a new
image is stored, and the old image and its copies are removed once the
transaction that replaced, cleared or deleted them has committed.
"""

import logging
from functools import partial

from botocore.exceptions import BotoCoreError, ClientError
from django.core.files import File
from django.db import models, router, transaction
from django.db.models.fields.files import ImageFieldFile, ImageFileDescriptor
from django.db.models.signals import post_delete

from ..images import (
    ImageNotStored,
    PreparedImage,
    UploadedImageField,
    delete_with_renditions,
    make_renditions,
    prepare_upload,
)

logger = logging.getLogger(__name__)
# What a storage raises when it cannot store: a disk's OSError, object storage's botocore errors.
STORAGE_ERRORS = (OSError, BotoCoreError, ClientError)


class CheckedImageFieldFile(ImageFieldFile):
    """``instance.image.save(name, content)`` takes the field's own path, checks included.

    Django's ``FieldFile.save`` writes straight to storage; here the content is
    handed to the field as a new file, which ``pre_save`` prepares, stores and
    makes renditions of when the row is saved.
    """

    def save(self, name, content, save=True):
        if isinstance(content, PreparedImage):  # the field's own store (_store)
            return super().save(name, content, save)
        setattr(self.instance, self.field.attname, File(content, name))
        if save:
            self.instance.save()


class ImageDescriptor(ImageFileDescriptor):
    """Assigning another image (or none) marks its WebP copies as not made, until they are."""

    def __set__(self, instance, value):
        previous = instance.__dict__.get(self.field.attname)
        super().__set__(instance, value)
        webp_field = self.field.webp_field
        if webp_field and previous is not None and _name(previous) != _name(value):
            setattr(instance, webp_field, False)


def _name(file):
    return getattr(file, "name", file) or ""


class ImageWithRenditionsField(models.ImageField):
    """``ImageField`` with upload checks, renditions at ``rendition_widths`` and clean-up.

    Use it with ``width_field`` and ``height_field`` so that pages know which
    renditions exist (those narrower than the stored width) without opening
    the file, and with ``webp_field``, a boolean column saying that the WebP
    copies were made (images stored before them have none; docs/images.md).
    """

    attr_class = CheckedImageFieldFile
    descriptor_class = ImageDescriptor

    def __init__(self, *args, rendition_widths=(), webp_field=None, **kwargs):
        self.rendition_widths = tuple(sorted(rendition_widths))
        self.webp_field = webp_field
        super().__init__(*args, **kwargs)

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": UploadedImageField, **kwargs})

    def contribute_to_class(self, cls, name, **kwargs):
        super().contribute_to_class(cls, name, **kwargs)
        if not cls._meta.abstract:
            post_delete.connect(self._delete_files_of_deleted_row, sender=cls)

    def update_dimension_fields(self, instance, force=False, *args, **kwargs):
        """Fill the width and height columns without letting Pillow see unchecked bytes.

        Django's ImageField measures any assigned file with Pillow (whose bomb
        warning would then come before our checks) and opens the stored file
        on every load when the columns are empty (a missing file would break
        every page listing the row). Here a prepared image brings its own size,
        unchecked content waits for ``pre_save`` to prepare it, and a stored
        file is measured only when assigned, never on load.
        """
        if self.attname not in instance.__dict__:
            return  # deferred
        file = getattr(instance, self.attname)
        if self._is_new(file):
            prepared = file.file if isinstance(file.file, PreparedImage) else None
            self._set_dimensions(
                instance, getattr(prepared, "width", None), getattr(prepared, "height", None)
            )
        elif force:
            super().update_dimension_fields(instance, True, *args, **kwargs)

    def _set_dimensions(self, instance, width, height):
        if self.width_field:
            setattr(instance, self.width_field, width)
        if self.height_field:
            setattr(instance, self.height_field, height)

    @staticmethod
    def _is_new(file):
        return bool(file) and not getattr(file, "_committed", False)

    def pre_save(self, model_instance, add):
        file = getattr(model_instance, self.attname)
        previous = None if add else self._stored_name(model_instance, file)
        made_new = self._is_new(file)
        if made_new:
            file = self._store(model_instance, file, add)
        else:
            file = super().pre_save(model_instance, add)
        if previous and previous != file.name:
            self._delete_after_commit(type(model_instance), previous, model_instance)
        return file

    def _store(self, instance, file, add):
        """Store a new image and its renditions; a storage failure is ``ImageNotStored``.

        Whatever was stored before the failure is removed again, and the cause
        is logged for the administrator.
        """
        try:
            if not isinstance(file.file, PreparedImage):
                # Not through a form (a command, the shell): the same checks apply.
                prepared = prepare_upload(file.file)
                file.save(prepared.name, prepared, save=False)
            file = super().pre_save(instance, add)
            make_renditions(self.storage, file.name, self.rendition_widths)
            if self.webp_field:  # read after this field: it is declared after it
                setattr(instance, self.webp_field, True)
        except STORAGE_ERRORS as error:
            logger.exception(
                "Could not store the %s of %s %r in %s",
                self.name,
                instance._meta.verbose_name,
                str(instance),
                getattr(self.storage, "location", self.storage),
            )
            if file.name and getattr(file, "_committed", False):
                self._delete_quietly(file.name)
            reason = getattr(error, "strerror", None) or str(error)
            raise ImageNotStored(self.name, reason) from error
        return file

    def _delete_quietly(self, name):
        try:
            delete_with_renditions(self.storage, name, self.rendition_widths)
        except STORAGE_ERRORS:
            logger.exception("Could not remove %s after a failed upload", name)

    def _stored_name(self, instance, file):
        """The name the row holds in the database, when this save may replace it."""
        if instance.pk is None or (file and not self._is_new(file)):
            return None
        manager = type(instance)._base_manager
        return manager.filter(pk=instance.pk).values_list(self.attname, flat=True).first()

    def _delete_files_of_deleted_row(self, sender, instance, **kwargs):
        name = instance.__dict__.get(self.attname)
        name = getattr(name, "name", name)
        if name:
            self._delete_after_commit(sender, name, instance)

    def _delete_after_commit(self, model, name, instance):
        using = router.db_for_write(model, instance=instance)
        transaction.on_commit(partial(self._delete_if_unused, model, name), using=using)

    def _delete_if_unused(self, model, name):
        # After the commit: a storage that fails now must not turn a saved edit into an error.
        if not model._base_manager.filter(**{self.attname: name}).exists():
            self._delete_quietly(name)
