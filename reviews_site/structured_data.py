"""What every page's structured data and sharing metadata share.

schema.org JSON-LD is built by plain functions from the objects a view has
already loaded (catalog.structured_data, reviews.structured_data), so it
never costs a query. This module holds the pieces they have in common: the
absolute addresses search engines and social sites need, the one image
rendition they are shown, the site as an Organization, and the serialiser
that makes the JSON safe inside a ``<script>`` element.
"""

import json

from django.conf import settings
from django.urls import reverse

from catalog.images import stored_sizes
from reviews.ratings import RATING_SCALE, scale_text

SCHEMA_CONTEXT = "https://schema.org"
# Every derived rating on the site is out of RATING_SCALE.
BEST_RATING = scale_text(RATING_SCALE)
WORST_RATING = "0"
# Characters escaped in the JSON so that no string can end the <script> element
# ("</script>") or open a comment ("<!--"); JSON parsers read them back unchanged.
_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def script_json(data):
    """``data`` as JSON text that may sit inside <script type="application/ld+json">."""
    return json.dumps(data, ensure_ascii=False).translate(_SCRIPT_ESCAPES)


def absolute(request, url):
    """The absolute address of a site path, on the host and scheme of the request."""
    return request.build_absolute_uri(url)


def shared_image(image):
    """(url, width, height) of the copy of a stored image to show off the site, or None.

    The widest stored rendition: social cards and search results want a
    large picture, and renditions stop below the 2000-pixel master.
    Width and height are None for an image stored without its dimensions.
    """
    if not image:
        return None
    return stored_sizes(image)[-1]


def image_url(request, image):
    """The absolute address of the shared copy of an image, or None without one."""
    shared = shared_image(image)
    return absolute(request, shared[0]) if shared else None


def distinct_names(name, *others):
    """Other names of something, without blanks, repeats or its main ``name``."""
    seen = {name}
    names = []
    for other in others:
        if other and other not in seen:
            seen.add(other)
            names.append(other)
    return names


def compact(data):
    """``data`` without the keys whose value is empty: JSON-LD leaves unknowns out."""
    return {key: value for key, value in data.items() if value not in (None, "", [], {})}


def site_organization(request):
    """The site itself as an Organization (publisher of its own pieces)."""
    return {
        "@type": "Organization",
        "name": settings.SITE_NAME,
        "url": absolute(request, reverse("home")),
    }


def website(request):
    """The home page's WebSite: the site's name for search results, and its search."""
    home = absolute(request, reverse("home"))
    search = absolute(request, reverse("reviews:search"))
    return {
        "@context": SCHEMA_CONTEXT,
        "@type": "WebSite",
        "name": settings.SITE_NAME,
        "description": settings.SITE_TAGLINE,
        "url": home,
        "inLanguage": "en",
        "publisher": site_organization(request),
        "potentialAction": {
            "@type": "SearchAction",
            "target": {"@type": "EntryPoint", "urlTemplate": f"{search}?q={{search_term}}"},
            "query-input": "required name=search_term",
        },
    }
