from .mentions import Mention
from .parts import Score, TaggedWriteUp, WriteUpAuthor
from .people import Author, Outlet
from .querysets import with_ratings
from .tags import TagDescription, TagSynonym
from .trash import TrashedWriteUp
from .writeups import RATING_SCALE, WriteUp

__all__ = [
    "RATING_SCALE",
    "Author",
    "Mention",
    "Outlet",
    "Score",
    "TagDescription",
    "TagSynonym",
    "TaggedWriteUp",
    "TrashedWriteUp",
    "WriteUp",
    "WriteUpAuthor",
    "with_ratings",
]
