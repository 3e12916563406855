"""The trash: write-ups an editor deleted, kept until ``purge_trash`` removes them for good."""

from django.db import models

from .querysets import WriteUpQuerySet
from .writeups import WriteUp


class TrashManager(models.Manager.from_queryset(WriteUpQuerySet)):
    def get_queryset(self):
        return super().get_queryset().trashed()


class TrashedWriteUp(WriteUp):
    """Write-ups in the trash, as the admin lists them (reviews/admin/trash.py).

    No permissions of its own: the trash is open to whoever may delete
    write-ups, the right that put the pieces there.
    """

    objects = TrashManager()

    class Meta:
        proxy = True
        verbose_name = "write-up in the trash"
        verbose_name_plural = "trash"
        default_permissions = ()
