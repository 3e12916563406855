"""System checks for deployment (``manage.py check --deploy``)."""

import tempfile
from pathlib import Path

from django.conf import settings
from django.core.checks import Tags, Warning, register
from django.core.files.storage import FileSystemStorage, storages

from . import cache as page_cache
from .cache_backend import without_password

LOCMEM_BACKEND = "django.core.cache.backends.locmem.LocMemCache"


@register(Tags.caches, deploy=True)
def page_cache_needs_a_shared_cache(app_configs, **kwargs):
    """Warn when the page cache would keep one generation per worker process.

    The page cache learns of an edit through a generation token in the cache
    (reviews_site.cache). In local memory each worker has its own token, so
    an edit saved through one worker leaves the other workers serving old
    pages for up to PAGE_CACHE_SECONDS. Redis gives every worker the same one.
    """
    if settings.DEBUG or settings.PAGE_CACHE_SECONDS <= 0:
        return []
    if settings.CACHES["default"]["BACKEND"] != LOCMEM_BACKEND:
        return []
    return [
        Warning(
            "The page cache is on with the local-memory cache backend: with several worker "
            "processes, an edit made through one of them is not seen by the others for up to "
            f"PAGE_CACHE_SECONDS ({settings.PAGE_CACHE_SECONDS} s).",
            hint="Set REDIS_URL so that every worker shares one cache, or set "
            "PAGE_CACHE_SECONDS=0 to turn the page cache off.",
            id="reviews_site.W001",
        )
    ]


@register(Tags.caches, deploy=True)
def cache_answers(app_configs, **kwargs):
    """Warn when a value written to the cache cannot be read back (Redis away, silent or full).

    The site still serves every page without it (reviews_site.cache_backend),
    but each one is made afresh: a deployment should not start that way
    unknowingly. One round trip, within the backend's short timeouts.
    """
    if page_cache.cache_answers():
        return []
    location = settings.CACHES["default"].get("LOCATION", "")
    return [
        Warning(
            f"The cache ({without_password(str(location))}) does not answer: a value written "
            "to it could not be read back. The site works without it, but makes every page "
            "afresh and logs the failure once a minute.",
            hint="Check that Redis runs at REDIS_URL, accepts connections from this host "
            "and is not full (maxmemory with an eviction policy such as allkeys-lru).",
            id="reviews_site.W002",
        )
    ]


@register(deploy=True)
def media_directory_is_writable(app_configs, **kwargs):
    """Warn when uploads could not be stored: MEDIA_ROOT missing, or not writable by this user.

    Tried with a real temporary file, so that read-only mounts and access
    lists count, not only the permission bits.
    """
    if not isinstance(storages["default"], FileSystemStorage):
        return []
    root = Path(settings.MEDIA_ROOT)
    hint = (
        "Create it, writable by the user the site runs as, or point DJANGO_MEDIA_ROOT at "
        "such a directory."
    )
    if not root.is_dir():
        return [
            Warning(
                f"MEDIA_ROOT ({root}) is not a directory: every image editors upload would fail.",
                hint=hint,
                id="reviews_site.W003",
            )
        ]
    try:
        with tempfile.NamedTemporaryFile(dir=root, prefix=".check-"):
            pass
    except OSError as error:
        return [
            Warning(
                f"MEDIA_ROOT ({root}) is not writable by this user ({error.strerror}): every "
                "image editors upload would fail.",
                hint=hint,
                id="reviews_site.W004",
            )
        ]
    return []
