"""The page cache's rules: the content generation, the query parameters views read, exemptions.

Django's cache middleware stores the pages (reviews_site.middleware.PageCacheMiddleware);
how and why: docs/performance.md, "The page cache".
"""

import math
import secrets
from functools import partial, wraps

from django.apps import apps
from django.core.cache import cache
from django.db import connections, transaction
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save
from django.http import QueryDict
from django.utils import timezone

KEY_PREFIX = "pagecache:v2:"
TOKEN_KEY = f"{KEY_PREFIX}generation"
SCHEDULE_KEY = f"{KEY_PREFIX}next-publication"
# Stored when nothing is scheduled (None could not be told from a missing key).
NO_SCHEDULE = math.inf
# The apps whose rows pages show; every model of each is watched.
CONTENT_APPS = ("catalog", "reviews", "taggit")


def page_cache_exempt(view):
    """Mark a view the page cache leaves alone: no generation, no lookup, no label."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        return view(*args, **kwargs)

    wrapped.page_cache_exempt = True
    return wrapped


def reads_query_parameters(*names):
    """Declare the query parameters a function view reads (class views: ``query_parameters``)."""

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
    """Drop the query parameters ``view`` does not read; False if it does not say which.

    The kept ones are put in name order: one page, one key, whatever the order of a link.
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
    """Send no Last-Modified where the newest item can be taken away (feeds, sitemaps).

    Why: docs/performance.md, "Conditional GET"; the ETag still answers 304.
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


def _next_publication(after):
    """When readers' pages next change by the clock: the earliest go-live or expiry to come.

    Two queries, each one index lookup: the next scheduled write-up (published,
    to come, not trashed) and the next published one to reach its unpublish time.
    """
    from reviews.models import WriteUp

    published = WriteUp.objects.not_trashed().filter(status=WriteUp.Status.PUBLISHED)
    moments = [
        published.filter(**{f"{field}__gt": after})
        .order_by(field)
        .values_list(field, flat=True)
        .first()
        for field in ("published_at", "unpublish_at")
    ]
    upcoming = min((moment for moment in moments if moment is not None), default=None)
    return upcoming.timestamp() if upcoming else NO_SCHEDULE


# The cache failures (reviews_site.cache_backend) this process had seen when it
# last wrote a generation: any failure since may have lost an edit's new token.
_failures_seen = 0


def generation():
    """The key prefix of the pages current now (one cache round trip); None while the cache fails.

    A new generation when none is known, when the next publication has come,
    or when the cache has failed since this process last wrote one.
    """
    global _failures_seen
    failures = getattr(cache, "failures", 0)
    state = cache.get_many([TOKEN_KEY, SCHEDULE_KEY])
    if not cache_available():
        return None
    token, schedule = state.get(TOKEN_KEY), state.get(SCHEDULE_KEY)
    now = timezone.now()
    due = schedule is None or schedule <= now.timestamp()
    if token is None or due or failures != _failures_seen:
        token = secrets.token_hex(8)
        cache.set_many({TOKEN_KEY: token, SCHEDULE_KEY: _next_publication(now)}, None)
        if not cache_available():
            return None
        _failures_seen = failures
    return f"{KEY_PREFIX}{token}"


def invalidate(*, schedule_changed=True):
    """Retire every stored page; read the next publication again if a write-up changed.

    Writes that send no signals (``update()``, ``bulk_create()``) call it themselves.
    """
    cache.set(TOKEN_KEY, secrets.token_hex(8), None)
    if cache_available() and (schedule_changed or cache.get(SCHEDULE_KEY) is None):
        cache.set(SCHEDULE_KEY, _next_publication(timezone.now()), None)


def forget():
    """Retire every stored page and the schedule without a query (after migrate, flush, restore)."""
    cache.delete_many([TOKEN_KEY, SCHEDULE_KEY])


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
            if not getattr(model, "shown_to_readers", True):  # staged changes, say
                continue
            uid = f"page-cache:{model._meta.label}"
            post_save.connect(_content_changed, sender=model, dispatch_uid=uid)
            post_delete.connect(_content_changed, sender=model, dispatch_uid=uid)
            m2m_changed.connect(_m2m_changed, sender=model, dispatch_uid=uid)
