"""Write-ups and authors under version control (django-reversion); rules in reviews_site.revisions.

A write-up's version holds its scores, its byline rows and its tag links
(the tags themselves, shared by every write-up, are not part of it). The
rendered body, reading time and overall rating are derived on every save,
restores included, so versions leave them out.
"""

import reversion

from reviews_site.revisions import excluding

from .models import Author, Score, TaggedWriteUp, WriteUp, WriteUpAuthor

for part in (Score, WriteUpAuthor, TaggedWriteUp):
    reversion.register(part, exclude=excluding())
reversion.register(
    WriteUp,
    # Tags are versioned as the tag links (tagged_items); "tags" is their manager.
    # Trash state is not content: restoring a version never trashes or untrashes a piece.
    exclude=excluding("body_html", "reading_minutes", "rating", "tags", "trashed_at", "trashed_by"),
    follow=("scores", "bylines", "tagged_items"),
)
reversion.register(Author, exclude=excluding())
