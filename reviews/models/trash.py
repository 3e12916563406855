"""The trash: write-ups an editor deleted, kept until ``purge_trash`` removes them for good."""

from .writeups import WriteUp


class TrashedWriteUp(WriteUp):
    """Write-ups in the trash, as the admin lists them (reviews/admin/trash.py).

    No permissions of its own: the trash is open to whoever may delete
    write-ups, the right that put the pieces there.
    """

    class Meta:
        proxy = True
        verbose_name = "write-up in the trash"
        verbose_name_plural = "trash"
        default_permissions = ()
