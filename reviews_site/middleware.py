"""Site-wide request guards and the anonymous page cache."""

import logging

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseBadRequest
from django.template.loader import render_to_string
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


class DatabaseUnavailableMiddleware:
    """Answer 503 with Retry-After, not a server error, while the database is away.

    A database restart or failover lasts seconds; connections are health-checked
    (CONN_HEALTH_CHECKS), so the first request after it is served normally.
    The error is still logged.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        logger.error("Database unavailable on %s: %s", request.path, exception)
        response = HttpResponse(render_to_string("503.html"), status=503)
        response["Retry-After"] = str(DATABASE_RETRY_AFTER)
        add_never_cache_headers(response)
        return response


class PageCacheMiddleware:
    """Serve anonymous readers whole pages from the cache; label every page's caching.

    It sits before the session and authentication middleware, so a hit costs
    two cache reads and no database work. Only GET and HEAD requests that
    carry no session cookie are served from the cache or stored (a reader
    with a session may be signed in, and staff previews need one), so the
    ``Vary: Cookie`` that pages send is honoured without keying on cookies.

    A page is stored (from GET only) when it is a 200 that sets no cookie,
    is not streamed, varies on nothing but Cookie, and whose Cache-Control
    does not say private, no-store or no-cache (a staff preview says
    no-store). It is stored with its ETag, so ConditionalGetMiddleware,
    placed before this one, answers If-None-Match with 304 on a hit without
    hashing the page again. Stored pages are keyed by their absolute address
    and the content generation (see reviews_site.cache), and every page is
    labelled in this one place: ``public, max-age=PAGE_CACHE_SECONDS`` and
    ``Vary: Cookie`` when it is fit to store, ``private`` for a reader with a
    session, unless the view set its own Cache-Control. PAGE_CACHE_SECONDS=0
    stores nothing (pages are still labelled, with max-age=0).
    """

    SAFE_METHODS = {"GET", "HEAD"}
    REFUSED_DIRECTIVES = {"private", "no-store", "no-cache"}

    def __init__(self, get_response):
        self.get_response = get_response

    def process_view(self, request, view_func, view_args, view_kwargs):
        if getattr(view_func, "page_cache_exempt", False):
            request.page_cache_exempt = True

    def __call__(self, request):
        if request.method not in self.SAFE_METHODS:
            return self.get_response(request)
        if settings.SESSION_COOKIE_NAME in request.COOKIES:
            response = self.get_response(request)
            if self._labellable(request, response):
                patch_cache_control(response, private=True)
            return response
        seconds = settings.PAGE_CACHE_SECONDS
        address = self._address(request) if seconds > 0 else None
        if address:
            generation = page_cache.current_generation()
            key = page_cache.page_key(generation.token, address)
            entry = cache.get(key)
            if entry is not None:
                return self._rebuild(entry)
            started = timezone.now()
        response = self.get_response(request)
        if self._storable(request, response):
            if self._labellable(request, response):
                patch_cache_control(response, public=True, max_age=max(seconds, 0))
                # A signed-in editor may get another page at this address (a preview).
                patch_vary_headers(response, ["Cookie"])
            if address and request.method == "GET":
                if not generation.schedule_known:
                    page_cache.store_schedule(started)
                set_response_etag(response)
                cache.set(key, self._entry(response), seconds)
        return response

    @staticmethod
    def _address(request):
        try:
            return request.build_absolute_uri()
        except DisallowedHost:
            return None  # answered 400 further down; nothing to cache

    @staticmethod
    def _labellable(request, response):
        """A successful page whose view left its caching to us."""
        return (
            response.status_code == 200
            and not response.has_header("Cache-Control")
            and not getattr(request, "page_cache_exempt", False)
        )

    def _storable(self, request, response):
        if (
            response.status_code != 200
            or getattr(request, "page_cache_exempt", False)
            or response.streaming
            or response.cookies
        ):
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
