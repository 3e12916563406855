"""Old slugs in API addresses answer 301 to the current one, as the pages' do.

Whether the object may be shown is decided as for its page (reviews.old_addresses):
an old address of a draft or of a tag on no published write-up leads nowhere.
"""

from taggit.models import Tag

from catalog.models import Person, Show, Song
from reviews.models import WriteUp
from reviews_site import old_slugs


def track_old_addresses():
    for model, route in (
        (Show, "api:show_detail"),
        (Person, "api:person_detail"),
        (Song, "api:song_detail"),
        (WriteUp, "api:writeup_detail"),
        (Tag, "api:tag_detail"),
    ):
        old_slugs.track(model, routes=(route,))
