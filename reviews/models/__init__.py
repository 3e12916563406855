from .parts import Score, TaggedWriteUp, WriteUpAuthor
from .people import Author, Outlet
from .querysets import with_ratings
from .trash import TrashedWriteUp
from .workflow import Transition
from .writeups import RATING_SCALE, WriteUp

__all__ = [
    "RATING_SCALE",
    "Author",
    "Outlet",
    "Score",
    "TaggedWriteUp",
    "Transition",
    "TrashedWriteUp",
    "WriteUp",
    "WriteUpAuthor",
    "with_ratings",
]
