"""The catalog in Django admin, the editors' workplace: one module per subject."""

# Versions are registered before any admin class is made (reviews_site.revisions).
from .. import revisions  # noqa: F401  # isort: skip
from . import people, shows, songs

__all__ = ["people", "shows", "songs"]
