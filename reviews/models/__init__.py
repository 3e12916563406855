from .parts import Score, TaggedWriteUp, WriteUpAuthor
from .people import Author, Outlet
from .querysets import with_ratings
from .staged import StagedChange
from .trash import TrashedWriteUp
from .writeups import RATING_SCALE, WriteUp

__all__ = [
    "RATING_SCALE",
    "Author",
    "Outlet",
    "Score",
    "StagedChange",
    "TaggedWriteUp",
    "TrashedWriteUp",
    "WriteUp",
    "WriteUpAuthor",
    "with_ratings",
]
