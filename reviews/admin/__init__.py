"""Write-ups, authors and outlets in Django admin."""

# Versions are registered before any admin class is made (reviews_site.revisions).
from .. import revisions  # noqa: F401  # isort: skip
from . import people, writeups

__all__ = ["people", "writeups"]
