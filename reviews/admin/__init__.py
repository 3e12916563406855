"""Write-ups, authors and outlets in Django admin."""

from . import people, writeups

__all__ = ["people", "writeups"]
