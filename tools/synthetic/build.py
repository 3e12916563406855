"""Generate the synthetic data set, or remove it, in one transaction each."""

import random
import time
from datetime import UTC, datetime

from django.db import connections, transaction
from django.db.models import Q
from taggit.models import Tag

from catalog.models import (
    Credit,
    Episode,
    Genre,
    Membership,
    Network,
    Person,
    PersonName,
    Show,
    ShowRelation,
    ShowTitle,
    Song,
    SongCredit,
    SongPerformer,
)
from reviews.models import Author, Outlet, Score, TaggedWriteUp, WriteUp, WriteUpAuthor
from reviews_site import cache as page_cache
from reviews_site.search.index import index_writeups

from . import PREFIX
from .catalog import build_credits, build_episodes, build_people, build_shows, build_songs
from .writeups import build_writeups


class SyntheticDataExists(Exception):
    pass


def synthetic(model, using):
    return model._base_manager.using(using).filter(slug__startswith=PREFIX)


def existing_counts(using):
    return {
        str(model._meta.verbose_name_plural): synthetic(model, using).count()
        for model in (Show, Person, Song, WriteUp)
    }


def generate(counts, *, seed, using, log=print):
    """Write the data set; return seconds spent on each step.

    Dates are relative to midnight UTC of the current day, so the same seed
    gives the same rows all day long, with scheduled pieces still to come.
    """
    if any(existing_counts(using).values()):
        raise SyntheticDataExists("Synthetic rows exist already: remove them with --clear first.")
    rng = random.Random(seed)
    anchor = datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    timings = {}

    def step(name, function, *args):
        started = time.perf_counter()
        result = function(*args)
        timings[name] = time.perf_counter() - started
        log(f"  {name}: {timings[name]:.1f} s")
        return result

    with transaction.atomic(using=using):
        catalog = step("shows", build_shows, rng, counts, anchor, using)
        step("episodes", build_episodes, rng, catalog, anchor, using)
        individuals, groups = step("people", build_people, rng, counts, anchor, using)
        step("credits", build_credits, rng, counts, catalog, individuals, using)
        step("songs", build_songs, rng, counts, catalog, individuals, groups, anchor, using)
        step("write-ups", build_writeups, rng, counts, catalog, anchor, using)
    step("search index", index_writeups, None, using)
    step("planner statistics", refresh_statistics, using)
    page_cache.invalidate()
    return timings


def refresh_statistics(using):
    """Tell the query planner about the new rows, as a bulk load should.

    ANALYZE everywhere; VACUUM too on PostgreSQL when not inside a
    transaction (a test), which marks the new pages all-visible so that
    index-only scans pay. Without statistics SQLite's planner walks every
    visible write-up for a tag page rather than the tag's own index.
    """
    connection = connections[using]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql" and not connection.in_atomic_block:
            cursor.execute("VACUUM (ANALYZE)")
        else:
            cursor.execute("ANALYZE")


def delete_rows(queryset):
    """Delete without per-row signals: a row at a time would cost minutes at scale.

    The search index and the page cache, which those signals keep in step,
    are brought in step by ``clear`` afterwards.
    """
    return queryset._raw_delete(queryset.db)


def clear(using):
    """Remove every synthetic row, children first; return how many of each went."""
    shows = synthetic(Show, using).values("pk")
    people = synthetic(Person, using).values("pk")
    songs = synthetic(Song, using).values("pk")
    writeups = synthetic(WriteUp, using).values("pk")

    def rows(model, condition):
        return model._base_manager.using(using).filter(condition)

    plan = [
        (TaggedWriteUp, Q(content_object__in=writeups)),
        (Score, Q(writeup__in=writeups)),
        (WriteUpAuthor, Q(writeup__in=writeups)),
        (WriteUp, Q(pk__in=writeups)),
        (Author, Q(slug__startswith=PREFIX)),
        (Outlet, Q(slug__startswith=PREFIX)),
        (Tag, Q(slug__startswith=PREFIX, reviews_taggedwriteup_items__isnull=True)),
        (SongPerformer, Q(song__in=songs)),
        (SongCredit, Q(song__in=songs)),
        (Song, Q(pk__in=songs)),
        (Credit, Q(show__in=shows)),
        (Episode, Q(show__in=shows)),
        (ShowTitle, Q(show__in=shows)),
        (ShowRelation, Q(show__in=shows) | Q(related_show__in=shows)),
        (Show.genres.through, Q(show__in=shows)),
        (Show, Q(pk__in=shows)),
        (Membership, Q(group__in=people) | Q(member__in=people)),
        (PersonName, Q(person__in=people)),
        (Person, Q(pk__in=people)),
        (Genre, Q(slug__startswith=PREFIX, shows__isnull=True)),
        (Network, Q(slug__startswith=PREFIX, shows__isnull=True)),
    ]
    removed = {}
    with transaction.atomic(using=using):
        for model, condition in plan:
            # Materialised first: a subquery on the table being deleted from
            # is refused by some databases and slow on others.
            pks = list(rows(model, condition).values_list("pk", flat=True))
            for start in range(0, len(pks), 5000):
                delete_rows(rows(model, Q(pk__in=pks[start : start + 5000])))
            removed[model._meta.label] = len(pks)
    index_writeups(using=using)
    refresh_statistics(using)
    page_cache.invalidate()
    return removed
