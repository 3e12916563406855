"""The API's filters: django-filter sets whose bad values are answered 400 with a message.

Every filter takes a slug or a bounded number, so nothing typed reaches a
query unchecked. Filters across relations use ``Exists``, so a show with two
matching genres is listed once, without DISTINCT.
"""

import re

import django_filters as filters
from django import forms
from django.db.models import Exists, OuterRef, Q
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from taggit.models import Tag

from catalog.forms import YEAR_MESSAGE
from catalog.models import Credit, Genre, Network, Person, Show, SongCredit, SongPerformer
from catalog.models.external_ids import PERSON_ID_SHAPES, SHOW_ID_SHAPES, Site, id_from_address
from reviews.models import Author, WriteUp


@extend_schema_field(OpenApiTypes.INT)
class YearFilter(filters.Filter):
    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        messages = {"invalid": YEAR_MESSAGE, "min_value": YEAR_MESSAGE, "max_value": YEAR_MESSAGE}
        kwargs.setdefault("help_text", "A year from 1900 to 2100.")
        super().__init__(*args, min_value=1900, max_value=2100, error_messages=messages, **kwargs)


@extend_schema_field(OpenApiTypes.STR)
class SlugFilter(filters.ModelChoiceFilter):
    pass


def by_slug(queryset, noun, method=None, **kwargs):
    """A filter on one row named by its slug; an unknown slug is an error naming it."""
    return SlugFilter(
        queryset=queryset,
        to_field_name="slug",
        method=method,
        error_messages={"invalid_choice": f"There is no {noun} “%(value)s”."},
        help_text=f"The {noun}'s slug.",
        **kwargs,
    )


def kind_filter(choices, noun):
    return filters.ChoiceFilter(
        choices=choices,
        error_messages={"invalid_choice": f"“%(value)s” is not a kind of {noun}."},
    )


def visible_tags(request=None):
    """Tags on a published write-up: one found only on drafts is as unknown as its page (404)."""
    published = WriteUp.objects.published().filter(tags=OuterRef("pk"))
    return Tag.objects.filter(Exists(published))


class ExternalIDField(forms.CharField):
    """An ID at one site, checked for its shape; an address of its page is cut down to the ID,
    as in the admin (catalog.models.external_ids)."""

    def __init__(self, *, shape, label, **kwargs):
        self.shape, self.site_label = shape, label
        super().__init__(max_length=200, **kwargs)

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return value
        value = id_from_address(self.shape, value) or value
        if not re.search(self.shape[0], value):
            raise forms.ValidationError(
                f"A {self.site_label} ID here looks like “{self.shape[1]}”.", code="invalid"
            )
        return value


@extend_schema_field(OpenApiTypes.STR)
class ExternalIDFilter(filters.Filter):
    """``?tmdb=tv/1234``: the row with this ID at that site (``with_external_id``)."""

    field_class = ExternalIDField

    def __init__(self, site, shapes, **kwargs):
        self.site = site
        kwargs.setdefault("help_text", f"Its {site.label} ID, e.g. {shapes[site][1]}.")
        super().__init__(shape=shapes[site], label=site.label, **kwargs)

    def filter(self, queryset, value):
        return queryset.with_external_id(self.site, value) if value else queryset


class ShowFilter(filters.FilterSet):
    year = YearFilter(field_name="year")
    platform = by_slug(Network.objects.all(), "platform", field_name="network")
    genre = by_slug(Genre.objects.all(), "genre", method="with_genre")
    kind = kind_filter(Show.Kind.choices, "show")
    person = by_slug(Person.objects.all(), "person", method="with_person")
    tag = by_slug(visible_tags, "tag", method="with_tag")
    mydramalist = ExternalIDFilter(Site.MYDRAMALIST, SHOW_ID_SHAPES)
    tmdb = ExternalIDFilter(Site.TMDB, SHOW_ID_SHAPES)
    imdb = ExternalIDFilter(Site.IMDB, SHOW_ID_SHAPES)
    wikidata = ExternalIDFilter(Site.WIKIDATA, SHOW_ID_SHAPES)

    def with_genre(self, shows, name, genre):
        return shows.filter(
            Exists(Show.genres.through.objects.filter(show=OuterRef("pk"), genre=genre))
        )

    def with_person(self, shows, name, person):
        credited = Credit.objects.filter(show=OuterRef("pk"), person=person)
        sung = SongPerformer.objects.filter(song__show=OuterRef("pk"), person=person)
        return shows.filter(Q(Exists(credited)) | Q(Exists(sung)))

    def with_tag(self, shows, name, tag):
        tagged = WriteUp.objects.published().filter(show=OuterRef("pk"), tags=tag)
        return shows.filter(Exists(tagged))


class PersonFilter(filters.FilterSet):
    kind = kind_filter(Person.Kind.choices, "person")
    show = by_slug(Show.objects.all(), "show", method="on_show")
    mydramalist = ExternalIDFilter(Site.MYDRAMALIST, PERSON_ID_SHAPES)
    tmdb = ExternalIDFilter(Site.TMDB, PERSON_ID_SHAPES)
    imdb = ExternalIDFilter(Site.IMDB, PERSON_ID_SHAPES)
    wikidata = ExternalIDFilter(Site.WIKIDATA, PERSON_ID_SHAPES)

    def on_show(self, people, name, show):
        credited = Credit.objects.filter(person=OuterRef("pk"), show=show)
        sung = SongPerformer.objects.filter(person=OuterRef("pk"), song__show=show)
        return people.filter(Q(Exists(credited)) | Q(Exists(sung)))


class SongFilter(filters.FilterSet):
    show = by_slug(Show.objects.all(), "show", field_name="show")
    year = YearFilter(field_name="release_date__year", help_text="The release year.")
    person = by_slug(Person.objects.all(), "person", method="with_person")

    def with_person(self, songs, name, person):
        sung = SongPerformer.objects.filter(song=OuterRef("pk"), person=person)
        made = SongCredit.objects.filter(song=OuterRef("pk"), person=person)
        return songs.filter(Q(Exists(sung)) | Q(Exists(made)))


class WriteUpFilter(filters.FilterSet):
    kind = kind_filter(WriteUp.Kind.choices, "write-up")
    show = by_slug(Show.objects.all(), "show", field_name="show")
    tag = by_slug(visible_tags, "tag", method="with_tag")
    author = by_slug(Author.objects.all(), "author", method="by_author")
    year = YearFilter(field_name="published_at__year", help_text="The year it was published.")
    platform = by_slug(Network.objects.all(), "platform", field_name="show__network")
    genre = by_slug(Genre.objects.all(), "genre", method="with_genre")
    person = by_slug(Person.objects.all(), "person", method="with_person")

    def with_tag(self, writeups, name, tag):
        return writeups.filter(pk__in=tag.reviews_taggedwriteup_items.values("content_object"))

    def by_author(self, writeups, name, author):
        return writeups.filter(pk__in=author.bylines.values("writeup"))

    def with_genre(self, writeups, name, genre):
        through = Show.genres.through.objects.filter(show=OuterRef("show"), genre=genre)
        return writeups.filter(Exists(through))

    def with_person(self, writeups, name, person):
        """Write-ups about a show the person is credited on."""
        return writeups.filter(Exists(Credit.objects.filter(show=OuterRef("show"), person=person)))


def parameters(filterset):
    """The query parameters a list view reads: its filters and the cursor's."""
    return frozenset({"cursor", "page_size", *filterset.base_filters})
