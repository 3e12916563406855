"""The search page: every kind of result at a glance, or one kind page by page."""

import logging
from dataclasses import dataclass
from urllib.parse import urlencode

from django import forms
from django.core.paginator import InvalidPage, Paginator
from django.http import Http404
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.views.generic import TemplateView

from .limits import SearchTimedOut, time_limit
from .query import ReaderQuery, clean_query
from .results import KINDS, KINDS_BY_KEY

logger = logging.getLogger("reviews_site.search")


class SearchForm(forms.Form):
    q = forms.CharField(required=False, label="Search for")
    type = forms.ChoiceField(
        required=False,
        label="In",
        choices=[("", "Everything"), *((kind.key, kind.label) for kind in KINDS)],
        error_messages={
            "invalid_choice": "There is no such kind of result: choose one from the list."
        },
    )

    def clean_q(self):
        return clean_query(self.cleaned_data["q"])


@dataclass
class ResultGroup:
    kind: object
    items: object  # a list, or a Page on a one-kind page
    total: int
    more_url: str = ""

    @property
    def total_label(self):
        return self.kind.total_label(self.total)


class SearchView(TemplateView):
    """Answer any query string calmly: 200 with results, 400 for a bad type, 404 past the end,
    503 with a message when the search ran past its time limit (reviews_site.search.limits).

    Keys and words below the floor are left out and the page says so
    (``ReaderQuery.floor_notes``). The overview costs one query per kind
    that has matches, plus prefetches (song performers, write-up bylines); a
    one-kind page a count, the page and its prefetches. On PostgreSQL one
    more statement sets the time limit.
    """

    template_name = "reviews/search.html"
    query_parameters = frozenset({"page", *SearchForm.base_fields})
    overview_size = 5
    paginate_by = 20

    def get(self, request, *args, **kwargs):
        form = SearchForm(request.GET)
        valid = form.is_valid()
        query = ReaderQuery(form.cleaned_data.get("q", ""))
        kind = KINDS_BY_KEY.get(form.cleaned_data.get("type") or "")
        context = self.get_context_data(
            form=form, query=query, search_query=query.text, kind=kind, kinds=KINDS
        )
        status = 200 if valid else 400
        if query:
            try:
                with time_limit():
                    if kind:
                        context.update(self.one_kind(kind, query))
                    else:
                        context["groups"] = self.overview(query)
            except SearchTimedOut as error:
                logger.warning(
                    "Search for %r in %s stopped: %s",
                    query.text,
                    kind.key if kind else "all",
                    error,
                )
                context.update(timed_out=True, groups=[])
                status = 503
        response = self.render_to_response(context, status=status)
        if status == 503:
            add_never_cache_headers(response)
        return response

    def overview(self, query):
        groups = []
        for kind in KINDS:
            items = kind.top(query, self.overview_size)
            if items:
                total = items[0].search_total
                more = self.url(query, kind) if total > len(items) else ""
                groups.append(ResultGroup(kind, items, total, more))
        return groups

    def one_kind(self, kind, query):
        paginator = Paginator(kind.results(query), self.paginate_by)
        try:
            page = paginator.page(self.request.GET.get("page") or 1)
        except InvalidPage:
            raise Http404("There is no such page of results.") from None
        # Read the page here, within the time limit, not later in the template.
        page.object_list = list(page.object_list)
        group = ResultGroup(kind, page, paginator.count) if paginator.count else None
        return {"groups": [group] if group else [], "page_obj": page, "all_url": self.url(query)}

    @staticmethod
    def url(query, kind=None):
        params = {"q": query.text}
        if kind:
            params["type"] = kind.key
        return f"{reverse('reviews:search')}?{urlencode(params)}"
