from .base import EditConflict, TimeStampedModel, VersionedModel
from .credits import Credit
from .external_ids import PersonExternalID, ShowExternalID
from .people import Membership, Person, PersonName
from .shows import Episode, Genre, Network, Show, ShowRelation, ShowTitle
from .songs import Song, SongCredit, SongPerformer

__all__ = [
    "Credit",
    "EditConflict",
    "Episode",
    "Genre",
    "Membership",
    "Network",
    "Person",
    "PersonExternalID",
    "PersonName",
    "Show",
    "ShowExternalID",
    "ShowRelation",
    "ShowTitle",
    "Song",
    "SongCredit",
    "SongPerformer",
    "TimeStampedModel",
    "VersionedModel",
]
