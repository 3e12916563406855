"""Write-ups, the trash, authors, outlets and tags in Django admin."""

# Versions are registered before any admin class is made (reviews_site.revisions).
from .. import revisions  # noqa: F401  # isort: skip
from . import people, tags, trash, writeups

__all__ = ["people", "tags", "trash", "writeups"]
