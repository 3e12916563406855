"""Django's Redis cache backend, for which a Redis that is down, silent or full is a miss.

The cache is an accelerator, never a dependency: with Redis away a read is a
miss and a write is dropped, so readers get pages made afresh and editors
save as usual. Three things keep that within normal time:

- **Short timeouts.** Connecting gives up after 0.25 s and a reply is
  awaited for 0.5 s (Redis answers in well under a millisecond), where
  redis-py would wait 5 s. Nothing is retried.
- **A pause after a failure.** Once an operation fails, this process leaves
  Redis alone for ``retry_seconds`` (every call is a miss or a dropped
  write at once), then tries again. So only one request per process and
  interval pays a timeout against a silent server.
- **One report per interval.** The first failure is logged as a warning,
  the next ones only counted, and reported with the first failure after
  ``report_seconds``; Redis answering again is logged once.

A write refused with an error reply (a full Redis with ``noeviction``
answers "OOM command not allowed") deletes the keys it meant to write:
deleting is allowed when memory is full, and a reader then misses instead of
reading the value the write was meant to replace.

The health of each server is kept per process (``_servers``), shared by
its threads. ``failures`` counts every failure, so callers that need to know
whether a write may have been lost since they last looked (the page cache's
generation, ``reviews_site.cache``) compare it. Why a subclass of Django's
own backend rather than django-redis: the same client, serialiser and keys
as before, about a hundred lines, and no second Redis layer to keep up with.
"""

import logging
import threading
import time
from contextlib import suppress
from urllib.parse import urlsplit, urlunsplit

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError, ResponseError

logger = logging.getLogger("reviews_site.cache")

# redis-py's connection options, unless the cache's OPTIONS say otherwise.
DEFAULT_OPTIONS = {"socket_connect_timeout": 0.25, "socket_timeout": 0.5}


def without_password(location):
    parts = urlsplit(location)
    if parts.password is None:
        return location
    host = parts.hostname or ""
    netloc = f"{host}:{parts.port}" if parts.port else host
    return urlunsplit(parts._replace(netloc=netloc))


class ServerHealth:
    """How one Redis server has been answering this process."""

    def __init__(self, location):
        self.location = without_password(location)
        self.lock = threading.Lock()
        self.down_until = 0.0  # time.monotonic() before which calls are not tried
        self.down = False
        self.failures = 0
        self.unreported = 0
        self.reported_at = None

    def available(self):
        return time.monotonic() >= self.down_until

    def failed(self, error, retry_seconds, report_seconds):
        now = time.monotonic()
        with self.lock:
            self.failures += 1
            self.down = True
            self.down_until = now + retry_seconds
            if self.reported_at is not None and now - self.reported_at < report_seconds:
                self.unreported += 1
                return
            missed, self.unreported, self.reported_at = self.unreported, 0, now
        logger.warning(
            "The cache at %s failed (%s: %s): pages are served without it, and it is "
            "tried again every %s s.%s",
            self.location,
            type(error).__name__,
            error,
            retry_seconds,
            f" {missed} failures since the last report." if missed else "",
        )

    def answered(self):
        if not self.down:
            return
        with self.lock:
            if not self.down:
                return
            self.down = False
        logger.warning("The cache at %s answers again.", self.location)


_servers = {}
_servers_lock = threading.Lock()


def _health_of(location):
    with _servers_lock:
        return _servers.setdefault(location, ServerHealth(location))


class ResilientRedisCache(RedisCache):
    """RedisCache whose every operation turns a Redis error into a miss or a dropped write."""

    retry_seconds = 10
    report_seconds = 60

    def __init__(self, server, params):
        params = {**params, "OPTIONS": {**DEFAULT_OPTIONS, **params.get("OPTIONS", {})}}
        super().__init__(server, params)
        self._location = server if isinstance(server, str) else ",".join(server)

    @property
    def health(self):
        # Looked up on use, not kept: tests and a reconfigured cache start afresh.
        return _servers.get(self._location) or _health_of(self._location)

    @property
    def available(self):
        """False while this process leaves Redis alone after a failure."""
        return self.health.available()

    @property
    def failures(self):
        """Failures this process has met so far; a change means a write may have been lost."""
        return self.health.failures

    def _call(self, fallback, operation, *args, written=None, **kwargs):
        health = self.health
        if not health.available():
            return fallback
        try:
            result = operation(*args, **kwargs)
        except RedisError as error:
            if written and isinstance(error, ResponseError):
                self._forget(*written)
            health.failed(error, self.retry_seconds, self.report_seconds)
            return fallback
        health.answered()
        return result

    def _forget(self, keys, version):
        with suppress(RedisError):  # the failure is reported by the caller
            super().delete_many(keys, version)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(False, super().add, key, value, timeout, version)

    def get(self, key, default=None, version=None):
        return self._call(default, super().get, key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        self._call(None, super().set, key, value, timeout, version, written=([key], version))

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(False, super().touch, key, timeout, version)

    def delete(self, key, version=None):
        return self._call(False, super().delete, key, version)

    def get_many(self, keys, version=None):
        return self._call({}, super().get_many, keys, version)

    def has_key(self, key, version=None):
        return self._call(False, super().has_key, key, version)

    def incr(self, key, delta=1, version=None):
        missing = object()
        result = self._call(missing, super().incr, key, delta, version)
        if result is missing:
            raise ValueError(f"Key '{key}' not found (the cache is unavailable).")
        return result

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        keys = list(data)
        return self._call(keys, super().set_many, data, timeout, version, written=(keys, version))

    def delete_many(self, keys, version=None):
        self._call(None, super().delete_many, keys, version)

    def clear(self):
        return self._call(False, super().clear)
