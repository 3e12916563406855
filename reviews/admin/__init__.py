"""Write-ups, authors and outlets in Django admin."""

from . import people, tags, writeups

__all__ = ["people", "tags", "writeups"]
