"""The catalog under version control (django-reversion); the rules are in reviews_site.revisions.

A show's version holds its alternative titles, IDs at other sites, credits, episodes, relations to
other shows and its songs (each song with its performers and song credits);
a person's, their other names, IDs at other sites and their memberships in either direction;
a song's, its performers and credits. People, networks and genres a row
points to are not part of its version.
"""

import reversion

from reviews_site.revisions import excluding

from .models import (
    Credit,
    Episode,
    Membership,
    Person,
    PersonExternalID,
    PersonName,
    Show,
    ShowExternalID,
    ShowRelation,
    ShowTitle,
    Song,
    SongCredit,
    SongPerformer,
)

PARTS = (ShowTitle, ShowExternalID, Episode, ShowRelation, PersonName, PersonExternalID, Membership)
for part in (*PARTS, SongPerformer, SongCredit):
    reversion.register(part, exclude=excluding())
reversion.register(Credit, exclude=excluding("search_names"))

reversion.register(
    Show,
    exclude=excluding("search_names"),
    follow=("alternative_titles", "external_ids", "credits", "episodes", "relations_out", "songs"),
)
reversion.register(
    Person,
    exclude=excluding("search_names"),
    follow=("alternative_names", "external_ids", "member_links", "group_links"),
)
reversion.register(Song, exclude=excluding("search_names"), follow=("performances", "credits"))
