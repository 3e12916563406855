"""The benchmark's reference page: Django's fixed cost, with no database and no page cache.

The benchmark reports every page as a ratio to this view (and to a static
file), so that numbers from a shared, noisy machine stay comparable. It goes
through the whole middleware stack and renders a small template, as a page
does, and does nothing else. Its URL exists only when BENCHMARK_VIEWS is on.
"""

from django.shortcuts import render

from .cache import page_cache_exempt

ITEMS = [f"Item {number}" for number in range(1, 11)]


@page_cache_exempt
def minimal(request):
    return render(request, "bench/minimal.html", {"title": "Reference page", "items": ITEMS})
