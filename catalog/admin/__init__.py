"""The catalog in Django admin, the editors' workplace: one module per subject."""

from . import people, shows, songs

__all__ = ["people", "shows", "songs"]
