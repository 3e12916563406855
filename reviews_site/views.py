"""Site-wide views: the home page, the health check for load balancers, and uploaded media."""

import logging

from django.conf import settings
from django.db import DatabaseError, connection
from django.db.models import Avg, Count, F
from django.http import JsonResponse
from django.utils.cache import patch_cache_control
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView
from django.views.static import serve

from catalog.models import Show
from reviews.models import WriteUp, with_ratings

from .cache import cache_answers, page_cache_exempt

logger = logging.getLogger("reviews_site.health")

# Uploaded files get a fresh random name (catalog.images.uploads), so a name
# never points to other bytes; a day bounds how long a removed image lingers.
MEDIA_CACHE_SECONDS = 60 * 60 * 24

# The home page: its latest cards, top-rated shows and popular tags.
HOME_LATEST = 9
HOME_TOP_SHOWS = 5
HOME_TAGS = 20
# What the home page's sidebar means by "lately": the latest this many
# published write-ups. Its top-rated shows and popular tags come from these
# alone, so the page costs the same however large the archive grows.
HOME_WINDOW = 300


class HomeView(TemplateView):
    template_name = "home.html"
    query_parameters = frozenset()

    def get_context_data(self, **kwargs):
        published = WriteUp.objects.published()
        recent = published[:HOME_WINDOW]
        # The shows written about lately, ranked by their whole rating (from
        # an index alone, a range per show; docs/performance.md). Equal
        # ratings and counts at the cut are settled by the show's id here;
        # the five are then shown by title.
        best = (
            published.rated()
            .filter(show__in=recent.values("show"))
            .values("show")
            .annotate(average=Avg("rating"), count=Count("rating"))
            .order_by("-average", "-count", "show")
            .values("show")[:HOME_TOP_SHOWS]
        )
        top_shows = (
            with_ratings(Show.objects.only("title", "slug", "year"))
            .filter(pk__in=best)
            .order_by(F("rating_average").desc(), "-rating_count", "title")
        )
        return super().get_context_data(
            **self.lead_and_latest(published),
            top_shows=top_shows,
            popular_tags=recent.tag_counts()[:HOME_TAGS],
            **kwargs,
        )

    @staticmethod
    def lead_and_latest(published):
        cards = list(published.for_cards().lead_first()[: HOME_LATEST + 1])
        return {"lead": cards[0] if cards else None, "latest": cards[1 : HOME_LATEST + 1]}


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
