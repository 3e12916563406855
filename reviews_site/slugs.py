"""Addresses of slug routes (``<prefix><slug>/``), built without a full reverse().

A grid of 20 write-up cards links each piece, its show, its authors and up to
three tags: about a hundred addresses a page. ``reverse()`` looks up the
resolver and the script prefix, fills the route and re-matches it against its
pattern on every call, which profiling put at a third of the time a card grid
takes to render. The route around the slug does not change while the process
runs, so it is reversed once per route (and script prefix, and URL
configuration), and each address is that prefix, the slug and the suffix.

Only plain ASCII slugs take the short way: they are valid for both the
``slug`` and ``str`` converters and need no quoting. Anything else (a Hangul
tag, say) goes through ``reverse()``, so the result is always what
``reverse()`` gives.
"""

import re
from functools import lru_cache

from django.urls import get_script_prefix, get_urlconf, reverse

PLAIN_SLUG = re.compile(r"[-a-zA-Z0-9_]+")
MARKER = "slug-marker-0"


@lru_cache(maxsize=64)
def _route(viewname, script_prefix, urlconf):
    """(head, tail) of the route's address around its slug."""
    head, tail = reverse(viewname, kwargs={"slug": MARKER}, urlconf=urlconf).split(MARKER)
    return head, tail


def slug_url(viewname, slug):
    """``reverse(viewname, kwargs={"slug": slug})``, faster for plain slugs."""
    if not PLAIN_SLUG.fullmatch(slug):
        return reverse(viewname, kwargs={"slug": slug})
    head, tail = _route(viewname, get_script_prefix(), get_urlconf())
    return f"{head}{slug}{tail}"


def tag_url(tag):
    """The page of a django-taggit tag, which has no ``get_absolute_url`` of its own."""
    return slug_url("reviews:tag_detail", tag.slug)
