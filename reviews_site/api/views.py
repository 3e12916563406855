"""The read API's views: generic DRF views over the querysets the pages use.

Read-only, anonymous, JSON. Visibility is the models' (``WriteUp.objects.published()``),
every relation shown is loaded up front (tests/test_api_query_counts.py pins
the counts), and every view says which query parameters it reads, so the page
cache keys its answers on those alone (docs/api.md, "Caching").
"""

import logging

from django.db.models import F, Prefetch, Q
from django.utils.cache import add_never_cache_headers
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.views import APIView

from catalog.models import (
    Membership,
    Person,
    PersonExternalID,
    Show,
    ShowExternalID,
    Song,
    SongCredit,
    SongPerformer,
)
from catalog.views import (
    SONG_ROLE_ORDER,
    related_shows,
    songs_with_performers,
    with_related_shows,
)
from reviews.models import WriteUp, with_ratings
from reviews_site.search.limits import SearchTimedOut, time_limit
from reviews_site.search.query import ReaderQuery
from reviews_site.search.results import KINDS, KINDS_BY_KEY
from reviews_site.search.views import SearchForm

from . import serializers as s
from .filters import PersonFilter, ShowFilter, SongFilter, WriteUpFilter, parameters
from .pagination import ApiCursorPagination

logger = logging.getLogger("reviews_site.search")


class NewestFirstPagination(ApiCursorPagination):
    ordering = ("-published_at", "-pk")


class ByNamePagination(ApiCursorPagination):
    ordering = "name"  # unique for tags


ROOT_LINKS = {
    "shows": "api:show_list",
    "people": "api:person_list",
    "songs": "api:song_list",
    "writeups": "api:writeup_list",
    "tags": "api:tag_list",
    "search": "api:search",
    "schema": "api:schema",
    # The open names file (docs/open-data.md): every spelling and external ID at once.
    "names_json": "catalog:names_json",
    "names_csv": "catalog:names_csv",
}


class ApiRootView(APIView):
    """Where each list is."""

    query_parameters = frozenset()

    @extend_schema(exclude=True)
    def get(self, request):
        return Response({key: reverse(name, request=request) for key, name in ROOT_LINKS.items()})


class NotFoundView(APIView):
    """Any other address under /api/v1/: a JSON 404, like the API's own."""

    query_parameters = frozenset()

    @extend_schema(exclude=True)
    def get(self, request, *args, **kwargs):
        raise NotFound("There is no such address in the API; see /api/v1/ for what there is.")


# Catalog ------------------------------------------------------------------------------


class ShowsMixin:
    def get_queryset(self):
        # Built per request: the rating counts what is published at the time of the request.
        shows = with_ratings(Show.objects.select_related("network"))
        return shows.prefetch_related(
            "alternative_titles",
            "genres",
            Prefetch("external_ids", queryset=ShowExternalID.objects.in_site_order()),
        )


class ShowListView(ShowsMixin, generics.ListAPIView):
    """Shows of every kind, in the order they were added; filter by year, platform, genre,
    kind, person or tag."""

    serializer_class = s.ShowSerializer
    filterset_class = ShowFilter
    query_parameters = parameters(ShowFilter)


class ShowDetailView(ShowsMixin, generics.RetrieveAPIView):
    """A show with its titles, episodes, credits, songs, related shows and rating."""

    serializer_class = s.ShowDetailSerializer
    lookup_field = "slug"
    query_parameters = frozenset()

    def get_queryset(self):
        return with_related_shows(super().get_queryset())

    def get_object(self):
        show = super().get_object()
        show.credit_list = list(show.credits.select_related("person"))
        show.episode_list = list(show.episodes.order_by("number"))
        show.song_list = songs_with_performers(show)
        show.relation_list = [
            {"show": other, "relation": label} for other, label in related_shows(show)
        ]
        return show


PEOPLE = Person.objects.prefetch_related(
    "alternative_names",
    Prefetch("external_ids", queryset=PersonExternalID.objects.in_site_order()),
)


class PersonListView(generics.ListAPIView):
    """People and groups, in the order they were added, with every spelling of their name."""

    serializer_class = s.PersonSerializer
    filterset_class = PersonFilter
    query_parameters = parameters(PersonFilter)
    queryset = PEOPLE


class PersonDetailView(generics.RetrieveAPIView):
    """A person with their groups or members, filmography and songs."""

    serializer_class = s.PersonDetailSerializer
    lookup_field = "slug"
    query_parameters = frozenset()
    queryset = PEOPLE

    def get_object(self):
        person = super().get_object()
        links = Membership.objects.filter(Q(group=person) | Q(member=person))
        links = list(links.select_related("group", "member"))
        person.group_list = [link.group for link in links if link.member_id == person.pk]
        person.member_list = [link.member for link in links if link.group_id == person.pk]
        person.credit_list = list(
            person.credits.select_related("show").order_by(
                F("show__year").desc(nulls_last=True), "show__title", "show_id", "order", "pk"
            )
        )
        newest = (F("song__release_date").desc(nulls_last=True), "song__title", "pk")
        performances = person.performances.select_related("song__show").order_by(*newest)
        made = person.song_credits.select_related("song__show").order_by(*newest)
        person.song_list = [
            *({"song": p.song, "role": "performer"} for p in performances),
            *({"song": c.song, "role": c.role} for c in made),
        ]
        return person


SONGS = Song.objects.select_related("show").prefetch_related(
    Prefetch("performances", queryset=SongPerformer.objects.select_related("person"))
)


class SongListView(generics.ListAPIView):
    """OST songs, in the order they were added, with their show and performers."""

    serializer_class = s.SongSerializer
    filterset_class = SongFilter
    query_parameters = parameters(SongFilter)
    queryset = SONGS


class SongDetailView(generics.RetrieveAPIView):
    """A song with its performers and who made it."""

    serializer_class = s.SongDetailSerializer
    lookup_field = "slug"
    query_parameters = frozenset()
    queryset = SONGS.prefetch_related(
        Prefetch(
            "credits",
            queryset=SongCredit.objects.select_related("person").order_by(SONG_ROLE_ORDER, "pk"),
        )
    )


# Write-ups and tags ------------------------------------------------------------------


class WriteUpListView(generics.ListAPIView):
    """Published write-ups, newest first: drafts, scheduled, expired and trashed pieces never
    appear."""

    serializer_class = s.WriteUpSerializer
    filterset_class = WriteUpFilter
    query_parameters = parameters(WriteUpFilter)
    pagination_class = NewestFirstPagination

    def get_queryset(self):
        # Built per request: published() compares with the time of the request.
        return WriteUp.objects.published().for_cards()


class WriteUpDetailView(generics.RetrieveAPIView):
    """A published write-up with its body, verdict and scores."""

    serializer_class = s.WriteUpDetailSerializer
    lookup_field = "slug"
    query_parameters = frozenset()

    def get_queryset(self):
        return (
            WriteUp.objects.published()
            .select_related("show", "episode", "outlet")
            .defer("body", "search_document")
            .with_bylines()
            .with_tags()
            .prefetch_related("scores")
        )


class TagListView(generics.ListAPIView):
    """Tags on published write-ups, by name, with how many carry each."""

    serializer_class = s.TagSerializer
    query_parameters = frozenset({"cursor", "page_size"})
    pagination_class = ByNamePagination

    def get_queryset(self):
        # Only tags on published write-ups: one found on drafts alone is a 404.
        return WriteUp.objects.published().tag_counts()


class TagDetailView(generics.RetrieveAPIView):
    """A tag with its description and synonyms; a tag on no published write-up is a 404."""

    serializer_class = s.TagDetailSerializer
    lookup_field = "slug"
    query_parameters = frozenset()

    def get_queryset(self):
        tags = WriteUp.objects.published().tag_counts()
        return tags.select_related("description").prefetch_related("synonyms")


# Search ------------------------------------------------------------------------------

RESULT_SERIALIZERS = {
    "shows": s.ShowRefSerializer,
    "people": s.PersonRefSerializer,
    "characters": s.CharacterSerializer,
    "songs": s.SongSerializer,
    "writeups": s.SearchWriteUpSerializer,
}


class SearchView(APIView):
    """Shows, people, characters, songs and write-ups by any spelling, as the search page finds
    them (the same romanization folding): the best five of each kind, or twenty of one."""

    query_parameters = frozenset(SearchForm.base_fields)
    overview_size = 5
    kind_size = 20

    @extend_schema(
        parameters=[
            OpenApiParameter("q", str, description="What to look for, in any spelling."),
            OpenApiParameter("type", str, enum=list(KINDS_BY_KEY), description="One kind only."),
        ],
        responses=s.SearchSerializer,
    )
    def get(self, request):
        form = SearchForm(request.query_params)
        if not form.is_valid():
            raise ValidationError(form.errors)
        query = ReaderQuery(form.cleaned_data["q"])
        kind = KINDS_BY_KEY.get(form.cleaned_data["type"])
        results = {}
        if query:
            try:
                with time_limit():
                    results = self.results([kind] if kind else KINDS, query, bool(kind))
            except SearchTimedOut as error:
                logger.warning("API search for %r stopped: %s", query.text, error)
                response = Response({"detail": "The search took too long; try again."}, 503)
                add_never_cache_headers(response)
                return response
        return Response({"query": query.text, "notes": query.floor_notes, "results": results})

    def results(self, kinds, query, one_kind):
        found = {}
        for kind in kinds:
            items = kind.top(query, self.kind_size if one_kind else self.overview_size)
            total = items[0].search_total if items else 0
            found[kind.key] = {
                "total": total,
                "total_label": kind.total_label(total),
                "items": RESULT_SERIALIZERS[kind.key](
                    items, many=True, context={"request": self.request}
                ).data,
            }
        return found
