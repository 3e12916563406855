from functools import lru_cache

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse

# The addresses every page's layout links (header, footer, <head>): name → view.
SITE_URLS = {
    "home": "home",
    "writeup_list": "reviews:writeup_list",
    "search": "reviews:search",
    "feed_latest": "reviews:feed_latest",
    "show_list": "catalog:show_list",
    "person_list": "catalog:person_list",
    "song_list": "catalog:song_list",
}


@lru_cache(maxsize=8)
def _site_urls(script_prefix, urlconf):
    return {name: reverse(view, urlconf=urlconf) for name, view in SITE_URLS.items()}


def site(request):
    """The site's name, tagline and fixed addresses (``site_urls``), for the layout.

    The addresses are reversed once per process (and script prefix): a dozen
    ``{% url %}`` tags were a quarter of the layout's time (docs/performance.md).
    """
    return {
        "SITE_NAME": settings.SITE_NAME,
        "SITE_TAGLINE": settings.SITE_TAGLINE,
        "site_urls": _site_urls(get_script_prefix(), get_urlconf()),
    }
