"""Site-wide request guards and the anonymous page cache."""

import logging

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseBadRequest
from django.template.loader import render_to_string
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.cache import (
    add_never_cache_headers,
    cc_delim_re,
    patch_cache_control,
    patch_vary_headers,
    set_response_etag,
)

from . import cache as page_cache

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
    """Serve anonymous readers whole pages from the cache; label every page's caching.

    It sits before the session and authentication middleware, so a hit costs
    two cache reads and no database work. Only GET and HEAD requests that
    carry no session cookie are served from the cache or stored (a reader
    with a session may be signed in, and staff previews need one), so the
    ``Vary: Cookie`` that pages send is honoured without keying on cookies.

    Only what changes a page is in its key: the view is looked up first, and
    the query parameters it does not read are dropped from the request
    (``reviews_site.cache.keep_read_parameters``); a view that does not say
    which it reads is stored only when the address has no query string. A
    view marked ``page_cache_exempt`` is left alone.

    A page is stored (from GET only) when it is a 200 that sets no cookie,
    is not streamed, varies on nothing but Cookie, and whose Cache-Control
    does not say private, no-store or no-cache (a staff preview says
    no-store). It is stored with its ETag, so ConditionalGetMiddleware,
    placed before this one, answers If-None-Match with 304 on a hit without
    hashing the page again. Stored pages are keyed by their absolute address
    and the content generation (see reviews_site.cache). Every page is
    labelled in this one place, unless the view set its own Cache-Control:
    browsers revalidate every time (``max-age=0, must-revalidate``; a
    revalidation is a 304 while the ETag holds), and a shared cache may keep
    a page fit to store as long as this cache would
    (``public, s-maxage=PAGE_CACHE_SECONDS``, ``Vary: Cookie``); a reader
    with a session gets ``private``. PAGE_CACHE_SECONDS=0 stores nothing.

    While the cache fails (reviews_site.cache_backend) pages are made afresh
    and not stored.
    """

    SAFE_METHODS = {"GET", "HEAD"}
    REFUSED_DIRECTIVES = {"private", "no-store", "no-cache"}

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in self.SAFE_METHODS:
            return self.get_response(request)
        view = self._view(request)
        if getattr(view, "page_cache_exempt", False):
            return self.get_response(request)
        declared = page_cache.keep_read_parameters(request, view)
        if settings.SESSION_COOKIE_NAME in request.COOKIES:
            response = self.get_response(request)
            if self._labellable(response):
                patch_cache_control(response, private=True, max_age=0, must_revalidate=True)
            return response
        seconds = settings.PAGE_CACHE_SECONDS
        generation = None
        if seconds > 0 and (declared or not request.META.get("QUERY_STRING")):
            address = self._address(request)
            generation = page_cache.current_generation() if address else None
        if generation:
            key = page_cache.page_key(generation.token, address)
            entry = cache.get(key)
            if entry is not None:
                return self._rebuild(entry)
            started = timezone.now()
        response = self.get_response(request)
        if self._storable(response):
            if self._labellable(response):
                patch_cache_control(
                    response, public=True, max_age=0, s_maxage=seconds, must_revalidate=True
                )
                # A signed-in editor may get another page at this address (a preview).
                patch_vary_headers(response, ["Cookie"])
            if generation and request.method == "GET" and page_cache.cache_available():
                if not generation.schedule_known:
                    page_cache.store_schedule(started)
                set_response_etag(response)
                cache.set(key, self._entry(response), seconds)
        return response

    @staticmethod
    def _view(request):
        try:
            return resolve(request.path_info, getattr(request, "urlconf", None)).func
        except Resolver404:
            return None

    @staticmethod
    def _address(request):
        try:
            return request.build_absolute_uri()
        except DisallowedHost:
            return None  # answered 400 further down; nothing to cache

    @staticmethod
    def _labellable(response):
        """A successful page whose view left its caching to us."""
        return response.status_code == 200 and not response.has_header("Cache-Control")

    def _storable(self, response):
        if response.status_code != 200 or response.streaming or response.cookies:
            return False
        directives = {
            directive.split("=", 1)[0].lower()
            for directive in cc_delim_re.split(response.get("Cache-Control", ""))
        }
        varies_on = {header.lower() for header in cc_delim_re.split(response.get("Vary", ""))}
        return not directives & self.REFUSED_DIRECTIVES and varies_on <= {"cookie", ""}

    @staticmethod
    def _entry(response):
        return (response.status_code, response.content, list(response.items()))

    @staticmethod
    def _rebuild(entry):
        status, content, headers = entry
        response = HttpResponse(content, status=status)
        for name, value in headers:
            response.headers[name] = value
        return response
