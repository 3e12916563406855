"""Site search: shows, people, characters, songs and write-ups from one box.

``query`` cleans what the reader typed, ``backends`` holds everything that
differs between SQLite and PostgreSQL, ``results`` defines the five kinds of
result and ``views`` the page. The index of write-ups is kept in step by
``reviews.search_index``.
"""

from .views import SearchView

__all__ = ["SearchView"]
