"""The catalog's public pages: shows, episodes, people and OST songs.

Every page is a generic class view over one queryset, and everything a page
lists is fetched in a fixed number of queries, whatever the size of the cast,
the soundtrack or the filmography (tests/test_catalog_query_counts.py pins
each count). Write-ups always come through ``WriteUp.objects.published()``.
"""

import csv
import io
import json

from django.db.models import Case, F, Prefetch, Q, When
from django.http import HttpResponse, HttpResponseBadRequest, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.utils.decorators import method_decorator
from django.utils.http import content_disposition_header
from django.views import View
from django.views.decorators.csrf import csrf_exempt
from django.views.generic import DetailView, ListView

from reviews.models import Mention, WriteUp, with_ratings
from reviews.models.querysets import SPOILER_FIELDS
from reviews_site import watched
from reviews_site.pagination import ListPaginator
from reviews_site.watched import progress

from . import open_data
from .forms import PersonFilterForm, ShowFilterForm, WatchedForm
from .models import (
    Credit,
    Episode,
    Membership,
    Person,
    PersonExternalID,
    Show,
    ShowExternalID,
    ShowRelation,
    Song,
    SongCredit,
    SongPerformer,
)
from .models.base import listed

# Cast sections in the order a reader expects; cast whose billing is not known comes last.
CAST_SECTIONS = [
    *((billing.value, billing.label) for billing in Credit.Billing),
    ("", "Also starring"),
]
LATEST_WRITEUPS = 5
# How many of the write-ups that mention a person, show or song a page lists.
MENTIONED_IN = 10
# Song credits in the order of SongCredit.Role (producer, lyricist, composer, arranger).
SONG_ROLE_ORDER = Case(
    *[When(role=role, then=position) for position, role in enumerate(SongCredit.Role)],
    default=len(SongCredit.Role),
)


def group_cast(credits):
    """Cast credits as (label, credits) sections, in billing order, empty sections left out."""
    sections = {value: [] for value, _ in CAST_SECTIONS}
    for credit in credits:
        # A billing the choices do not know (a hand-edited fixture) counts as unknown.
        sections.get(credit.billing, sections[""]).append(credit)
    return [(label, sections[value]) for value, label in CAST_SECTIONS if sections[value]]


def group_crew(credits):
    """Crew credits as (job, credits) sections, in the order of Credit.Role."""
    sections = {role.value: [] for role in Credit.Role if role != Credit.Role.CAST}
    for credit in credits:
        sections.setdefault(credit.role, []).append(credit)
    return [(items[0].get_role_display(), items) for items in sections.values() if items]


def songs_with_performers(show):
    """The show's songs in OST order, each with ``performer_list``: one query.

    A LEFT JOIN from songs to their performers gives one row per (song,
    performer), or one row for a song nobody is credited on yet; the rows are
    folded back into songs here. Prefetching would cost two queries.
    """
    rows = (
        Song.objects.filter(show=show)
        .only("title", "slug", "native_title", "part_number")
        .annotate(
            performer_id=F("performances__person_id"),
            performer_name=F("performances__person__name"),
            performer_slug=F("performances__person__slug"),
            performer_kind=F("performances__person__kind"),
        )
        .order_by(
            F("part_number").asc(nulls_last=True),
            F("release_date").asc(nulls_last=True),
            "title",
            "pk",
            "performances__order",
            "performances__pk",
        )
    )
    songs = []
    for row in rows:
        if not songs or songs[-1].pk != row.pk:
            row.performer_list = []
            songs.append(row)
        if row.performer_id is not None:
            songs[-1].performer_list.append(
                Person(
                    pk=row.performer_id,
                    name=row.performer_name,
                    slug=row.performer_slug,
                    kind=row.performer_kind,
                )
            )
    return songs


# What a show page lists of a related show, in the order related_shows() reads them.
RELATED_FIELDS = ("title", "slug", "year")


def with_related_shows(shows):
    """Shows with their relations either way as two columns of their own query."""
    return shows.annotate(
        listed_related=listed(
            ShowRelation.objects.all(),
            "show",
            "kind",
            *(f"related_show__{name}" for name in RELATED_FIELDS),
        ),
        listed_relating=listed(
            ShowRelation.objects.all(),
            "related_show",
            "kind",
            *(f"show__{name}" for name in RELATED_FIELDS),
        ),
    )


def related_shows(show):
    """Shows related either way, as (show, label) pairs, oldest first (``with_related_shows``).

    A relation reads "B is a sequel of A"; on A's page B is its "Sequel", on
    B's page A is its "Prequel" (ShowRelation.inverse_label).
    """
    pairs = [
        (Show(title=title, slug=slug, year=year), ShowRelation(kind=kind).get_kind_display())
        for kind, title, slug, year in show.listed_related or ()
    ] + [
        (Show(title=title, slug=slug, year=year), ShowRelation(kind=kind).inverse_label)
        for kind, title, slug, year in show.listed_relating or ()
    ]
    return sorted(pairs, key=lambda pair: (pair[0].year is None, pair[0].year or 0, pair[0].title))


def published_writeups(*extra_fields, **filters):
    """Published write-ups for a short list: newest first, without their bodies."""
    return (
        WriteUp.objects.published()
        .filter(**filters)
        .select_related("episode", *{name.split("__")[0] for name in extra_fields})
        .only(
            *("title", "slug", "kind", "standfirst", "rating", "published_at", "episode__number"),
            *SPOILER_FIELDS,
            *extra_fields,
        )
    )


def mentioning(condition):
    """The newest published write-ups linking to what ``condition`` names (reviews.mentions)."""
    linked = Mention.objects.linked().filter(condition).values("writeup")
    # Their show's episode count: the spoiler marker says "ending" as on cards.
    return list(published_writeups("show__episode_count", pk__in=linked)[:MENTIONED_IN])


class FilteredListView(ListView):
    """A paginated list filtered by a GET form; invalid filters answer 400 with the errors.

    Subclasses declare ``query_parameters``: the page number and the form's
    fields (the page cache drops every other parameter, reviews_site.cache).
    """

    form_class = None
    paginator_class = ListPaginator

    def get(self, request, *args, **kwargs):
        self.form = self.form_class(request.GET)
        if not self.form.is_valid():
            self.object_list = self.model._default_manager.none()
            self.paginate_by = None
            return self.render_to_response(self.get_context_data(), status=400)
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return self.form.filter(super().get_queryset())

    def get_context_data(self, **kwargs):
        return super().get_context_data(form=self.form, **kwargs)


# The columns a show card reads (catalog/show_list.html): see docs/performance.md.
SHOW_CARD_FIELDS = (
    *("title", "slug", "native_title", "kind", "year", "episode_count", "network__name"),
    *("poster", "poster_width", "poster_height", "poster_has_webp"),
)


class ShowListView(FilteredListView):
    model = Show
    form_class = ShowFilterForm
    query_parameters = frozenset({"page", *ShowFilterForm.base_fields})
    paginate_by = 24
    template_name = "catalog/show_list.html"

    def get_queryset(self):
        shows = with_ratings(Show.objects.select_related("network").only(*SHOW_CARD_FIELDS))
        shows = shows.newest_first()
        return self.form.filter(shows)


class ShowDetailView(DetailView):
    template_name = "catalog/show_detail.html"
    # Detail pages read nothing from the query string (reviews_site.cache).
    query_parameters = frozenset()
    # Folded by the reader's progress through the show (reviews_site.watched).
    reads_watched_progress = True

    def get_queryset(self):
        # Built per request: published() compares with the time of the request.
        shows = Show.objects.select_related("network").annotate(listed_ids=ShowExternalID.listed())
        return with_ratings(with_related_shows(shows)).prefetch_related(
            "alternative_titles", "genres"
        )

    def get_context_data(self, **kwargs):
        show = self.object
        credits = list(show.credits.select_related("person"))
        loaded = {
            "episodes": list(show.episodes.order_by("number")),
            "songs": songs_with_performers(show),
            "relations": related_shows(show),
            "writeups": list(published_writeups(show=show)[:LATEST_WRITEUPS]),
        }
        episodes, songs = loaded["episodes"], loaded["songs"]
        return super().get_context_data(
            watched=progress(self.request, show),
            cast_sections=group_cast(credit for credit in credits if credit.is_cast),
            crew_sections=group_crew(credit for credit in credits if not credit.is_cast),
            is_stub=show.is_stub(**loaded),
            # A column nobody has a value for is left out, not filled with dashes.
            columns={
                "aired": any(episode.air_date for episode in episodes),
                "runtime": bool(show.runtime_minutes and show.kind == Show.Kind.SERIES)
                or any(episode.runtime_minutes for episode in episodes),
                "part": any(song.part_number for song in songs),
            },
            # Those about the show are listed above; these are the others.
            mentioned_in=mentioning(Q(show=show) & ~Q(writeup__show=show)),
            elsewhere=ShowExternalID.in_order(show.listed_ids),
            **loaded,
            **kwargs,
        )


@method_decorator(csrf_exempt, name="dispatch")
class WatchedProgressView(View):
    """Remember how far the reader has watched a show (a cookie), then back to the show page.

    No CSRF token: the form sits on a page served from the page cache, and
    all a forged post can do is set a reader's own folding preference.
    """

    http_method_names = ["post"]
    query_parameters = frozenset()  # nothing from the query string (reviews_site.cache)

    def post(self, request, slug):
        show = get_object_or_404(Show.objects.only("pk", "slug", "episode_count"), slug=slug)
        if not show.episode_count:
            return self.refuse(request, "How many episodes this show has is not known yet.")
        form = WatchedForm(request.POST, episode_count=show.episode_count)
        if not form.is_valid():
            errors = [error for errors in form.errors.values() for error in errors]
            return self.refuse(request, " ".join(errors))
        response = HttpResponseRedirect(f"{show.get_absolute_url()}#watched")
        response.status_code = 303
        name = watched.cookie_name(show.pk)
        if form.cleaned_data["forget"]:
            response.delete_cookie(name, samesite="Lax")
        else:
            response.set_cookie(
                name,
                str(form.cleaned_data["episode"]),
                max_age=watched.COOKIE_MAX_AGE,
                samesite="Lax",
                secure=request.is_secure(),
            )
        return response

    def refuse(self, request, message):
        body = render_to_string("400.html", {"message": message}, request=request)
        return HttpResponseBadRequest(body)


class EpisodeDetailView(DetailView):
    template_name = "catalog/episode_detail.html"
    context_object_name = "episode"
    query_parameters = frozenset()
    reads_watched_progress = True

    def get_object(self, queryset=None):
        self.show = get_object_or_404(
            with_ratings(Show.objects.select_related("network")), slug=self.kwargs["slug"]
        )
        episode = get_object_or_404(Episode, show=self.show, number=self.kwargs["number"])
        episode.show = self.show
        return episode

    def get_context_data(self, **kwargs):
        number = self.object.number
        # The episodes just before and after, in one query: numbers may have gaps.
        siblings = Episode.objects.filter(show=self.show)
        earlier = siblings.filter(number__lt=number).order_by("-number").values("pk")[:1]
        later = siblings.filter(number__gt=number).order_by("number").values("pk")[:1]
        neighbours = siblings.filter(Q(pk__in=earlier) | Q(pk__in=later)).only("number", "title")
        by_side = {episode.number < number: episode for episode in neighbours}
        return super().get_context_data(
            show=self.show,
            watched=progress(self.request, self.show),
            previous_episode=by_side.get(True),
            next_episode=by_side.get(False),
            writeups=list(published_writeups(episode=self.object)),
            **kwargs,
        )


class PersonListView(FilteredListView):
    model = Person
    form_class = PersonFilterForm
    query_parameters = frozenset({"page", *PersonFilterForm.base_fields})
    paginate_by = 36
    template_name = "catalog/person_list.html"
    queryset = Person.objects.order_by("name", "pk")


class PersonDetailView(DetailView):
    queryset = Person.objects.annotate(listed_ids=PersonExternalID.listed()).prefetch_related(
        "alternative_names"
    )
    template_name = "catalog/person_detail.html"
    query_parameters = frozenset()

    def get_context_data(self, **kwargs):
        person = self.object
        memberships = Membership.objects.filter(Q(group=person) | Q(member=person)).select_related(
            "group", "member"
        )
        groups = [link.group for link in memberships if link.member_id == person.pk]
        members = [link.member for link in memberships if link.group_id == person.pk]
        # Newest first, shows without a year last; a show's credits stay together.
        credits = person.credits.select_related("show").order_by(
            F("show__year").desc(nulls_last=True), "show__title", "show_id", "order", "pk"
        )
        performances = person.performances.select_related("song__show").order_by(
            F("song__release_date").desc(nulls_last=True), "song__title"
        )
        song_credits = person.song_credits.select_related("song__show").order_by(
            F("song__release_date").desc(nulls_last=True), "song__title", "role"
        )
        loaded = {
            "groups": groups,
            "members": members,
            "credits": list(credits),
            "performances": list(performances),
            "song_credits": list(song_credits),
        }
        return super().get_context_data(
            is_stub=person.is_stub(**loaded),
            mentioned_in=mentioning(Q(person=person) | Q(credit__person=person)),
            elsewhere=PersonExternalID.in_order(person.listed_ids),
            **loaded,
            **kwargs,
        )


class SongListView(ListView):
    query_parameters = frozenset({"page"})
    paginate_by = 30
    paginator_class = ListPaginator
    template_name = "catalog/song_list.html"
    queryset = (
        Song.objects.select_related("show")
        .prefetch_related(
            Prefetch("performances", queryset=SongPerformer.objects.select_related("person"))
        )
        .order_by(*Song.list_order)
    )


class SongDetailView(DetailView):
    queryset = Song.objects.select_related("show").prefetch_related(
        Prefetch("performances", queryset=SongPerformer.objects.select_related("person")),
        Prefetch(
            "credits",
            queryset=SongCredit.objects.select_related("person").order_by(SONG_ROLE_ORDER, "pk"),
        ),
    )
    template_name = "catalog/song_detail.html"
    query_parameters = frozenset()

    def get_context_data(self, **kwargs):
        song = self.object
        soundtrack = []
        if song.show_id:
            soundtrack = (
                Song.objects.filter(show_id=song.show_id)
                .exclude(pk=song.pk)
                .only("title", "slug", "part_number")
                .order_by(F("part_number").asc(nulls_last=True), "title")
            )
        return super().get_context_data(
            soundtrack=list(soundtrack), mentioned_in=mentioning(Q(song=song)), **kwargs
        )


class NamesFileView(View):
    """The open names file (catalog.open_data), whole, as a download the page cache keeps.

    Built in memory rather than streamed: the page cache stores only whole
    responses, and the file costs six queries at any size (docs/open-data.md).
    """

    query_parameters = frozenset()
    filename = ""
    content_type = ""

    def get(self, request):
        response = HttpResponse(
            self.render(request.build_absolute_uri), content_type=self.content_type
        )
        response["Content-Disposition"] = content_disposition_header(True, self.filename)
        return response


class NamesJSONView(NamesFileView):
    filename = "names.json"
    content_type = "application/json"

    def render(self, absolute):
        data = {
            "people": list(open_data.person_records(absolute)),
            "shows": list(open_data.show_records(absolute)),
        }
        return json.dumps(data, ensure_ascii=False)


class NamesCSVView(NamesFileView):
    filename = "names.csv"
    content_type = "text/csv; charset=utf-8; header=present"

    def render(self, absolute):
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=open_data.CSV_FIELDS)
        writer.writeheader()
        writer.writerows(open_data.name_rows(absolute))
        return out.getvalue()
