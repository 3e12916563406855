"""The page cache's bookkeeping: which generation of content is current, and stored pages.

Readers without a session see the same page for the same address, so
``PageCacheMiddleware`` keeps whole responses in Django's cache framework.
Rather than work out which pages an edit touches (a person's new name shows
on cast lists, song pages, write-ups, search results...), every change to
content moves the whole site to a new *generation*: a random token that is
part of every page's cache key. Pages of older generations are never read
again and age out of the cache by themselves.

Two cache keys hold the state, so that the middleware reads both with one
``get_many``:

- ``TOKEN_KEY``: the current generation. Any save, delete or many-to-many
  change of a catalog, reviews or taggit model replaces it (the receivers
  are connected for every model of those apps, so a new model is covered
  without anyone remembering to). A token is random, never a counter: after
  an eviction or a restart a new token cannot collide with old pages.
- ``SCHEDULE_KEY``: the time of the next scheduled publication (a write-up
  published for a future time), or ``NO_SCHEDULE``. When that time has come
  the generation is replaced, so a scheduled piece appears on time without
  anyone saving anything. Only a write-up's save or delete can change it;
  it is read from the database (one query) then, and when a page is about
  to be stored while it is unknown (after a flush of the cache). While it is
  unknown no stored page is trusted.

``migrate`` and ``flush`` change rows without model signals: afterwards the
token is replaced and the schedule forgotten (``forget``).

The cache may fail (``reviews_site.cache_backend``): while it does, no page
is read or stored (``current_generation`` answers None), and an edit's new
token may never have been written. So a process that has seen the cache fail
replaces the token before it trusts a stored page again; a token that could
not be overwritten because Redis was full was deleted instead (the backend
does that). See docs/performance.md, "When the cache fails".

Only what changes a page is in its key: each view declares the query
parameters it reads (``reads_query_parameters``, or ``query_parameters`` on
a view class), and the middleware drops the others from the request before
the view runs, so ``?utm_source=1``, ``?utm_source=2``... are one page.

A change made in a transaction replaces the token at once and again when the
transaction commits: a page rendered between the two from data that was not
yet committed is stored under a token that is already retired. The worst a
race between two processes can do is keep a scheduled piece waiting for at
most PAGE_CACHE_SECONDS (the lifetime of a stored page).

``QuerySet.update()`` and ``bulk_create()`` send no signals: code that writes
content that way calls ``invalidate()`` itself (``generate_synthetic`` does).

With the local-memory backend each process has its own generation, so an
edit made in one worker is not seen by another: production sets REDIS_URL
(``reviews_site.checks`` warns otherwise).
"""

import hashlib
import math
import secrets
from dataclasses import dataclass
from functools import partial, wraps

from django.apps import apps
from django.core.cache import cache
from django.db import connections, transaction
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save
from django.http import QueryDict
from django.utils import timezone

KEY_PREFIX = "pagecache:v1:"
TOKEN_KEY = f"{KEY_PREFIX}generation"
SCHEDULE_KEY = f"{KEY_PREFIX}next-publication"
# Stored when nothing is scheduled (None could not be told from a missing key).
NO_SCHEDULE = math.inf
# The apps whose rows pages show; every model of each is watched.
CONTENT_APPS = ("catalog", "reviews", "taggit")


def page_cache_exempt(view):
    """Mark a view whose responses the page cache neither stores nor labels.

    For responses that cost nothing to make again and need no generation
    (robots.txt), and for the benchmark's reference view.
    """

    @wraps(view)
    def wrapped(*args, **kwargs):
        return view(*args, **kwargs)

    wrapped.page_cache_exempt = True
    return wrapped


def reads_query_parameters(*names):
    """Declare the query parameters a function view reads; the page cache drops the others.

    Class views say it with a ``query_parameters`` attribute instead.
    """

    def decorate(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            return view(*args, **kwargs)

        wrapped.query_parameters = frozenset(names)
        return wrapped

    return decorate


def query_parameters(view):
    """The query parameters ``view`` reads, or None when it does not say."""
    declared = getattr(view, "query_parameters", None)
    if declared is None:
        declared = getattr(getattr(view, "view_class", None), "query_parameters", None)
    return declared


def keep_read_parameters(request, view):
    """Drop from ``request`` the query parameters ``view`` does not read; False if it does not say.

    The kept ones are put in the order of their names, so that the page, its
    links (``{% querystring %}``) and its cache key are the same whatever
    order a link gave them in.
    """
    declared = query_parameters(view)
    if declared is None:
        return False
    kept = QueryDict(mutable=True)
    for name in sorted(set(request.GET) & declared):
        kept.setlist(name, request.GET.getlist(name))
    query = kept.urlencode()
    if query != request.META.get("QUERY_STRING", ""):
        request.META["QUERY_STRING"] = query
        kept._mutable = False
        request.GET = kept
    return True


def without_last_modified(view):
    """Send no Last-Modified: for responses whose newest item can be taken away.

    A feed's or sitemap's Last-Modified is the date of its newest item:
    unpublishing that item moves it backwards, and a scheduled piece going
    live brings an older date, so a client asking If-Modified-Since would be
    told nothing changed. The ETag (ConditionalGetMiddleware) still answers
    If-None-Match with 304 while nothing changed.
    """

    @wraps(view)
    def wrapped(*args, **kwargs):
        response = view(*args, **kwargs)
        del response.headers["Last-Modified"]
        return response

    return wrapped


def cache_available():
    """False while the cache is failing (reviews_site.cache_backend); local memory never does."""
    return getattr(cache, "available", True)


def cache_answers():
    """Whether a value written to the cache can be read back (the health check, check --deploy)."""
    key = f"{KEY_PREFIX}round-trip:{secrets.token_hex(8)}"
    value = secrets.token_hex(8)
    try:
        cache.set(key, value, 10)
        answered = cache.get(key) == value
        cache.delete(key)
    except Exception:  # any backend, any failure: the answer is no
        return False
    return answered


def _new_token():
    return secrets.token_hex(8)


def _next_publication(after):
    """When the next scheduled write-up becomes visible, as a timestamp: one query.

    Scheduled means what ``WriteUp.objects.published()`` leaves out at
    ``after`` and will let in later: published status, a publish time to
    come, not in the trash.
    """
    from reviews.models import WriteUp

    upcoming = (
        WriteUp.objects.not_trashed()
        .filter(status=WriteUp.Status.PUBLISHED, published_at__gt=after)
        .order_by("published_at")
        .values_list("published_at", flat=True)
        .first()
    )
    return upcoming.timestamp() if upcoming else NO_SCHEDULE


def store_schedule(after):
    """Read and keep the next publication time after ``after`` (one query)."""
    cache.set(SCHEDULE_KEY, _next_publication(after), None)


@dataclass(frozen=True)
class Generation:
    token: str
    schedule_known: bool


# The cache failures (reviews_site.cache_backend) this process had seen when it
# last wrote a generation: any failure since may have lost an edit's new token.
_failures_seen = 0


def current_generation():
    """The generation a request is served from: one cache round trip, no query.

    None while the cache is failing: nothing is read or stored then. When
    the schedule is unknown (an empty cache) or has come due, or the cache
    has failed since this process last wrote a generation, the generation
    is replaced: no stored page can be trusted then. The caller that stores
    a page afterwards must first call ``store_schedule`` with the time its
    rendering started, unless ``schedule_known``.
    """
    global _failures_seen
    failures = getattr(cache, "failures", 0)
    state = cache.get_many([TOKEN_KEY, SCHEDULE_KEY])
    if not cache_available():
        return None
    token, schedule = state.get(TOKEN_KEY), state.get(SCHEDULE_KEY)
    schedule_known = schedule is not None and schedule > timezone.now().timestamp()
    if token is None or not schedule_known or failures != _failures_seen:
        token = _new_token()
        cache.set(TOKEN_KEY, token, None)
        if not cache_available():
            return None
        _failures_seen = failures
    return Generation(token, schedule_known)


def invalidate(*, schedule_changed=True):
    """Retire every stored page: the next request renders afresh.

    ``schedule_changed`` asks for the next publication time to be read again
    (a write-up was saved or deleted); it is read anyway when unknown, so
    that the next page can be stored without a query of its own. While the
    cache fails nothing is written; the token is replaced once it answers.
    """
    cache.set(TOKEN_KEY, _new_token(), None)
    if not cache_available():
        return
    if schedule_changed or cache.get(SCHEDULE_KEY) is None:
        store_schedule(timezone.now())


def forget():
    """Retire every stored page and the schedule, without reading the database.

    After ``migrate`` or ``flush``, which change rows without model signals
    and may leave the tables in an older shape than the models.
    """
    cache.set(TOKEN_KEY, _new_token(), None)
    cache.delete(SCHEDULE_KEY)


def page_key(token, address):
    """The cache key of one page (its absolute address) in one generation."""
    digest = hashlib.sha256(address.encode("utf-8", "surrogateescape")).hexdigest()
    return f"{KEY_PREFIX}page:{token}:{digest}"


def _content_changed(sender, using, **kwargs):
    from reviews.models import WriteUp

    schedule_changed = issubclass(sender, WriteUp)
    invalidate(schedule_changed=schedule_changed)
    if connections[using].in_atomic_block:
        transaction.on_commit(partial(invalidate, schedule_changed=schedule_changed), using=using)


def _m2m_changed(sender, action, using, **kwargs):
    if action.startswith("post_"):
        _content_changed(sender, using)


def _database_rebuilt(sender, **kwargs):
    forget()


def connect_invalidation():
    """Connect the receivers to every model of the content apps (called from ready())."""
    post_migrate.connect(_database_rebuilt, dispatch_uid="page-cache:migrate")
    for label in CONTENT_APPS:
        for model in apps.get_app_config(label).get_models(include_auto_created=True):
            uid = f"page-cache:{model._meta.label}"
            post_save.connect(_content_changed, sender=model, dispatch_uid=uid)
            post_delete.connect(_content_changed, sender=model, dispatch_uid=uid)
            m2m_changed.connect(_m2m_changed, sender=model, dispatch_uid=uid)
