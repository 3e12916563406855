from .mentions import Mention
from .parts import Score, TaggedWriteUp, WriteUpAuthor
from .people import Author, Outlet
from .querysets import with_ratings
from .staged import StagedChange
from .tags import TagDescription, TagSynonym
from .trash import TrashedWriteUp
from .workflow import Transition
from .writeups import RATING_SCALE, WriteUp

__all__ = [
    "RATING_SCALE",
    "Author",
    "Mention",
    "Outlet",
    "Score",
    "StagedChange",
    "TagDescription",
    "TagSynonym",
    "TaggedWriteUp",
    "Transition",
    "TrashedWriteUp",
    "WriteUp",
    "WriteUpAuthor",
    "with_ratings",
]
