"""Site-wide request guards and the anonymous page cache."""

import logging

from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseBadRequest
from django.middleware.cache import CacheMiddleware
from django.template.loader import render_to_string
from django.urls import Resolver404, resolve
from django.utils.cache import (
    add_never_cache_headers,
    cc_delim_re,
    patch_cache_control,
    patch_vary_headers,
    set_response_etag,
)

from . import cache as page_cache
from . import watched

logger = logging.getLogger("reviews_site.database")

# Seconds a reader's browser is asked to wait while the database is away.
DATABASE_RETRY_AFTER = 10


class RejectNulBytesMiddleware:
    """Answer 400 to a request whose path or query string holds a NUL byte.

    No page has a use for one, and PostgreSQL refuses NUL in text, so letting
    one reach a query would turn a typo or a probe into a server error.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            "\x00" in request.path
            or "\x00" in request.META.get("QUERY_STRING", "")
            or any(
                "\x00" in key or any("\x00" in value for value in values)
                for key, values in request.GET.lists()
            )
        ):
            body = render_to_string(
                "400.html",
                {"message": "The address contains a character that is not allowed (NUL)."},
                request=request,
            )
            return HttpResponseBadRequest(body)
        return self.get_response(request)


class PolicyHeadersMiddleware:
    """Add the Permissions-Policy and Cross-Origin-Resource-Policy headers to every response.

    Django sets the other security headers from settings but has none for
    these two; the values are settings all the same (PERMISSIONS_POLICY,
    SECURE_CROSS_ORIGIN_RESOURCE_POLICY). It sits at the top with
    SecurityMiddleware, so static files, cached pages and refusals get them.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        response.headers.setdefault(
            "Cross-Origin-Resource-Policy", settings.SECURE_CROSS_ORIGIN_RESOURCE_POLICY
        )
        return response


# SQLite's result code for a write to a database it may only read (extended codes
# keep it in their low byte), and PostgreSQL's SQLSTATE read_only_sql_transaction
# (a hot standby, default_transaction_read_only, a database set read-only).
SQLITE_READONLY = 8
POSTGRES_READ_ONLY_TRANSACTION = "25006"


def is_read_only(exception):
    """Whether a database error says the database refuses writes, not that it is away."""
    cause = exception.__cause__
    if getattr(cause, "sqlstate", None) == POSTGRES_READ_ONLY_TRANSACTION:
        return True
    code = getattr(cause, "sqlite_errorcode", None)
    return code is not None and code & 0xFF == SQLITE_READONLY


class DatabaseUnavailableMiddleware:
    """Answer 503, not a server error, while the database is away or refuses writes.

    Away: a database restart or failover lasts seconds; connections are
    health-checked (CONN_HEALTH_CHECKS), so the first request after it is
    served normally. Readers are asked to come back in a moment
    (Retry-After). Read-only (a standby, a database set read-only for
    maintenance, a read-only SQLite file): pages are read as usual, and only
    a write fails; the editor is told the site is read-only for maintenance,
    which may last, and that nothing was saved. Both are logged.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, DatabaseError) and is_read_only(exception):
            logger.error(
                "Database is read-only: %s %s refused: %s", request.method, request.path, exception
            )
            response = HttpResponse(render_to_string("503_read_only.html"), status=503)
        elif isinstance(exception, OperationalError | InterfaceError):
            logger.error("Database unavailable on %s: %s", request.path, exception)
            response = HttpResponse(render_to_string("503.html"), status=503)
            response["Retry-After"] = str(DATABASE_RETRY_AFTER)
        else:
            return None
        add_never_cache_headers(response)
        return response


class PageCacheMiddleware:
    """Anonymous readers' pages from Django's cache middleware, keyed by the content generation.

    It sits before the session and authentication middleware, so a hit does
    no database work. Pages folded by a reader's progress through a show
    (reviews_site.watched) are keyed by it as well. Why and how:
    docs/performance.md, "The page cache".
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        view = _view(request)
        if getattr(view, "page_cache_exempt", False):
            return self.get_response(request)
        declared = page_cache.keep_read_parameters(request, view)
        if settings.SESSION_COOKIE_NAME in request.COOKIES:
            response = self.get_response(request)
            if _labellable(response):
                patch_cache_control(response, private=True, max_age=0, must_revalidate=True)
            return response
        seconds = settings.PAGE_CACHE_SECONDS
        cacheable = seconds > 0 and (declared or not request.META.get("QUERY_STRING"))
        prefix = page_cache.generation() if cacheable else None
        if prefix is None:
            response = self.get_response(request)
            _label_public(response, seconds)
            return response
        if watched.reads_progress(view):
            # A page folded by the reader's progress: one copy per progress.
            prefix += watched.cache_key_part(request)
        # One per request: its key prefix is the generation this request started in.
        stock = GenerationCacheMiddleware(
            self.get_response, key_prefix=prefix, cache_timeout=seconds, page_timeout=seconds
        )
        return stock(request)


class GenerationCacheMiddleware(CacheMiddleware):
    """Django's cache middleware, storing the pages ``_label_public`` labelled, cookies not in keys.

    Only requests without a session come here, and their page is the same
    whatever other cookies they carry: ``Vary: Cookie`` is for other caches,
    and in this one's keys each reader's cookies would store another copy.
    """

    def process_response(self, request, response):
        if _label_public(response, self.cache_timeout):
            varies = cc_delim_re.split(response.headers.get("Vary", ""))
            del response.headers["Vary"]
            if others := [header for header in varies if header and header.lower() != "cookie"]:
                response.headers["Vary"] = ", ".join(others)
        else:
            request._cache_update_cache = False  # a hit, or a page not to store
        response = super().process_response(request, response)
        patch_vary_headers(response, ["Cookie"])
        return response


def _view(request):
    try:
        return resolve(request.path_info, getattr(request, "urlconf", None)).func
    except Resolver404:
        return None


def _labellable(response):
    """A successful page whose view left its caching to us."""
    return response.status_code == 200 and not response.has_header("Cache-Control")


def _label_public(response, seconds):
    """Let any cache keep a page fit for every reader as long as ours does; False if not fit."""
    if not _labellable(response) or response.streaming or response.cookies:
        return False
    patch_cache_control(response, public=True, max_age=0, s_maxage=seconds, must_revalidate=True)
    # A signed-in editor may get another page at this address (a preview).
    patch_vary_headers(response, ["Cookie"])
    set_response_etag(response)  # stored with the page: a hit is not hashed again
    return True
