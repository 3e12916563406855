"""Small ``make_*`` helpers that build valid rows with sensible defaults.

Each takes keyword overrides; unique fields get a counter so that calling a
helper twice never collides.
"""

import itertools
from contextlib import contextmanager
from datetime import timedelta
from decimal import Decimal

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from catalog.models import (
    Credit,
    Episode,
    Genre,
    Network,
    Person,
    PersonName,
    Show,
    ShowRelation,
    ShowTitle,
    Song,
    SongPerformer,
)
from reviews.models import Author, Outlet, Score, WriteUp, WriteUpAuthor

_counter = itertools.count(1)


def _n():
    return next(_counter)


class Kept:
    """Rows a module-scoped fixture built, and the cache as building them left it."""

    def __init__(self):
        self.cache = None

    def keep_cache(self):
        """Copy the test cache (local memory): every test starts from it, not from empty."""
        self.cache = (dict(cache._cache), dict(cache._expire_info))

    def restore_cache(self):
        cache.clear()
        cache._cache.update(self.cache[0])
        cache._expire_info.update(self.cache[1])


@contextmanager
def kept_for_module(django_db_blocker):
    """Rows made inside last while a module-scoped fixture does, then roll back.

    For data that many tests only read: build it once instead of once per test.
    Each test still runs in a savepoint of its own; not for modules whose tests
    use ``transactional_db`` or ``live_server`` (they would flush the rows).
    Yields a Kept.
    """
    with django_db_blocker.unblock(), transaction.atomic():
        cache.clear()
        yield Kept()
        transaction.set_rollback(True)


def make_network(**kwargs):
    n = _n()
    kwargs.setdefault("name", f"Network {n}")
    kwargs.setdefault("slug", f"network-{n}")
    return Network.objects.create(**kwargs)


def make_genre(**kwargs):
    n = _n()
    kwargs.setdefault("name", f"Genre {n}")
    kwargs.setdefault("slug", f"genre-{n}")
    return Genre.objects.create(**kwargs)


def make_show(*, alternative_titles=(), genres=(), **kwargs):
    n = _n()
    kwargs.setdefault("title", f"Show {n}")
    kwargs.setdefault("slug", f"show-{n}")
    kwargs.setdefault("year", 2022)
    show = Show.objects.create(**kwargs)
    for title in alternative_titles:
        ShowTitle.objects.create(show=show, title=title)
    if genres:
        show.genres.set(genres)
    return show


def make_person(*, alternative_names=(), **kwargs):
    n = _n()
    kwargs.setdefault("name", f"Person {n}")
    kwargs.setdefault("slug", f"person-{n}")
    person = Person.objects.create(**kwargs)
    for name in alternative_names:
        PersonName.objects.create(person=person, name=name)
    return person


def make_credit(*, show=None, person=None, **kwargs):
    kwargs.setdefault("role", Credit.Role.CAST)
    if kwargs["role"] == Credit.Role.CAST:
        kwargs.setdefault("billing", Credit.Billing.LEAD)
        kwargs.setdefault("character_name", f"Character {_n()}")
    return Credit.objects.create(show=show or make_show(), person=person or make_person(), **kwargs)


def make_episode(*, show=None, **kwargs):
    show = show or make_show()
    kwargs.setdefault("number", show.episodes.count() + 1)
    return Episode.objects.create(show=show, **kwargs)


def make_song(*, performers=(), **kwargs):
    n = _n()
    kwargs.setdefault("title", f"Song {n}")
    kwargs.setdefault("slug", f"song-{n}")
    song = Song.objects.create(**kwargs)
    for order, person in enumerate(performers):
        SongPerformer.objects.create(song=song, person=person, order=order)
    return song


def make_relation(show, related_show, kind=ShowRelation.Kind.SEQUEL):
    return ShowRelation.objects.create(show=show, related_show=related_show, kind=kind)


def make_author(**kwargs):
    n = _n()
    kwargs.setdefault("name", f"Author {n}")
    kwargs.setdefault("slug", f"author-{n}")
    return Author.objects.create(**kwargs)


def make_outlet(**kwargs):
    n = _n()
    kwargs.setdefault("name", f"Outlet {n}")
    kwargs.setdefault("slug", f"outlet-{n}")
    return Outlet.objects.create(**kwargs)


def make_writeup(*, authors=(), tags=(), scores=(), **kwargs):
    """A published write-up by default; pass status/published_at for drafts or schedules.

    ``scores`` is a list of (label, value, scale) tuples.
    """
    n = _n()
    kwargs.setdefault("title", f"Write-up {n}")
    kwargs.setdefault("slug", f"write-up-{n}")
    kwargs.setdefault("body", f"Body of write-up {n}.")
    kwargs.setdefault("status", WriteUp.Status.PUBLISHED)
    if kwargs["status"] == WriteUp.Status.PUBLISHED:
        kwargs.setdefault("published_at", timezone.now() - timedelta(days=1))
    if "show" not in kwargs:
        kwargs["show"] = make_show()
    writeup = WriteUp.objects.create(**kwargs)
    for order, author in enumerate(authors):
        WriteUpAuthor.objects.create(writeup=writeup, author=author, order=order)
    if tags:
        writeup.tags.add(*tags)
    for order, (label, value, scale) in enumerate(scores):
        Score.objects.create(
            writeup=writeup,
            label=label,
            value=Decimal(str(value)),
            scale=Decimal(str(scale)),
            order=order,
        )
    if scores:
        writeup.refresh_from_db()
    return writeup


def make_draft(**kwargs):
    kwargs["status"] = WriteUp.Status.DRAFT
    kwargs.setdefault("published_at", None)
    return make_writeup(**kwargs)


def make_scheduled(**kwargs):
    kwargs["status"] = WriteUp.Status.PUBLISHED
    kwargs["published_at"] = timezone.now() + timedelta(days=3)
    return make_writeup(**kwargs)
