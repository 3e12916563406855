"""The benchmark's reference pages: fixed costs, with no database and no page cache.

The benchmark reports every page as a ratio to the minimal view (and to a
static file), so that numbers from a shared, noisy machine stay comparable.
It goes through the whole middleware stack and renders a small template, as
a page does, and does nothing else. The layout view is the site's own empty
page: base.html (head, sharing tags, header, search box, footer) around one
paragraph, still without a query; it shows what the site's layout costs
before a page adds any content. Their URLs exist only when BENCHMARK_VIEWS is on.
"""

from django.shortcuts import render
from django.views.generic import ListView

from catalog.models import Show
from reviews_site.cache import page_cache_exempt

ITEMS = [f"Item {number}" for number in range(1, 11)]


@page_cache_exempt
def minimal(request):
    return render(request, "bench/minimal.html", {"title": "Reference page", "items": ITEMS})


@page_cache_exempt
def layout(request):
    return render(request, "bench/layout.html")


class StockList(ListView):
    """What Django's generic list view costs in the site's layout: 20 titles, one query."""

    model = Show
    paginate_by = 20
    ordering = ("title", "pk")
    template_name = "bench/stock_list.html"

    def get_queryset(self):
        return super().get_queryset().only("title", "slug")


stock_list = page_cache_exempt(StockList.as_view())
