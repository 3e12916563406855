from .parts import Score, TaggedWriteUp, WriteUpAuthor
from .people import Author, Outlet
from .querysets import with_ratings
from .search import WriteUpFullText, WriteUpSearchVector
from .trash import TrashedWriteUp
from .writeups import RATING_SCALE, WriteUp

__all__ = [
    "RATING_SCALE",
    "Author",
    "Outlet",
    "Score",
    "TaggedWriteUp",
    "TrashedWriteUp",
    "WriteUp",
    "WriteUpAuthor",
    "WriteUpFullText",
    "WriteUpSearchVector",
    "with_ratings",
]
