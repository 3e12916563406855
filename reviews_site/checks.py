"""System checks for deployment (``manage.py check --deploy``)."""

from django.conf import settings
from django.core.checks import Tags, Warning, register

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
