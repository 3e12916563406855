"""A synthetic catalog and write-ups at any scale, for benchmarks and load tests.

``generate()`` writes shows, episodes, people (with several romanizations
of their names), groups, credits, OST songs and write-ups with scores, tags
and bylines, with bulk inserts, reproducibly from a seed. Bulk inserts skip
``Model.save`` and signals, so every derived field is computed here the way
the models compute it (``search_names`` with catalog.names.search_key,
``body_html`` with reviews.markdown.render_markdown, ``reading_minutes``,
``rating`` with the formula of WriteUp.compute_rating), and afterwards the
search index is rebuilt by reviews_site.search.index.index_writeups and the page
cache is told that everything changed.

Everything synthetic is marked: slugs start with ``syn-``, write-ups come
from the outlet "Synthetic data", and synopses and biographies say so.
``clear()`` removes those rows and nothing else.
"""

from dataclasses import dataclass

PREFIX = "syn-"
NOTE = "Synthetic data, generated for testing and benchmarks: this does not exist."


@dataclass(frozen=True)
class Counts:
    shows: int
    people: int
    credits: int
    songs: int
    writeups: int


SCALES = {
    "tiny": Counts(shows=50, people=250, credits=1_000, songs=100, writeups=500),
    "small": Counts(shows=1_000, people=5_000, credits=20_000, songs=2_000, writeups=10_000),
    "large": Counts(shows=10_000, people=50_000, credits=200_000, songs=20_000, writeups=100_000),
}
