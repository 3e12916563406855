"""Write-ups, the trash, authors, outlets and tags in Django admin."""

from . import people, tags, trash, writeups

__all__ = ["people", "tags", "trash", "writeups"]
