"""Site-wide views: the health check for load balancers, and uploaded media."""

import logging

from django.conf import settings
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.utils.cache import patch_cache_control
from django.views.decorators.cache import never_cache
from django.views.static import serve

from .cache import cache_answers, page_cache_exempt

logger = logging.getLogger("reviews_site.health")

# Uploaded files get a fresh random name (catalog.images.uploads), so a name
# never points to other bytes; a day bounds how long a removed image lingers.
MEDIA_CACHE_SECONDS = 60 * 60 * 24


def _database_answers():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as error:
        logger.error("Health check: the database does not answer: %s", error)
        return False
    return True


@page_cache_exempt
@never_cache
def healthz(request):
    """200 while the database answers, 503 when it does not; the cache is only reported.

    The cache is an accelerator: without it pages are made afresh, so a
    failing cache must not take this server out of the load balancer. No
    template and no session: a JSON body made from one query and one cache
    round trip.
    """
    database = _database_answers()
    report = {
        "status": "ok" if database else "unavailable",
        "database": "ok" if database else "unavailable",
        "cache": "ok" if cache_answers() else "unavailable",
    }
    return JsonResponse(report, status=200 if database else 503)


@page_cache_exempt
def serve_media(request, path):
    """An uploaded file from MEDIA_ROOT (SERVE_MEDIA), cacheable by browsers for a day."""
    response = serve(request, path, document_root=settings.MEDIA_ROOT)
    patch_cache_control(response, public=True, max_age=MEDIA_CACHE_SECONDS)
    return response
