"""What the API says about each object: plain read-only serializers over loaded rows.

Nothing here queries: the views load every relation a serializer reads
(select_related, prefetch_related, or a list they attach), so each answer
costs a fixed number of queries (tests/test_api_query_counts.py).
"""

from urllib.parse import urlencode

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.reverse import reverse

from reviews.ratings import RATING_SCALE, rating_text, scale_text


class ApiLinkField(serializers.Field):
    """The object's address in the API, from a URL name and its slug (or a callable)."""

    def __init__(self, view_name, slug=lambda obj: obj.slug, **kwargs):
        self.view_name, self.slug = view_name, slug
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, obj):
        request = self.context.get("request")
        return reverse(self.view_name, kwargs={"slug": self.slug(obj)}, request=request)


@extend_schema_field(OpenApiTypes.URI)
class ApiLink(ApiLinkField):
    pass


@extend_schema_field(OpenApiTypes.URI)
class PageLink(serializers.Field):
    """The object's page on the site."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, obj):
        request = self.context.get("request")
        url = obj.get_absolute_url()
        return request.build_absolute_uri(url) if request else url


class ImageSerializer(serializers.Serializer):
    url = serializers.CharField()
    width = serializers.IntegerField(allow_null=True)
    height = serializers.IntegerField(allow_null=True)


def image(field, width, height):
    """An image field as {url, width, height}, or None when there is none."""
    if not field:
        return None
    return {"url": field.url, "width": width, "height": height}


class NamedSerializer(serializers.Serializer):
    """A network, genre, outlet or author: its name and slug."""

    slug = serializers.CharField()
    name = serializers.CharField()


class SpellingSerializer(serializers.Serializer):
    """Another title of a show or name of a person, and what kind of spelling it is."""

    text = serializers.CharField()
    kind = serializers.CharField()


class ExternalIDSerializer(serializers.Serializer):
    """Where the show or person is found on MyDramaList, TMDB, IMDb or Wikidata."""

    site = serializers.CharField()
    id = serializers.CharField(source="value")
    url = serializers.CharField()


class RatingSerializer(serializers.Serializer):
    """A show's aggregate rating, written as on the pages (reviews.ratings)."""

    average = serializers.CharField(allow_null=True, help_text="Out of `scale`, one decimal.")
    scale = serializers.CharField()
    count = serializers.IntegerField(help_text="Published, scored write-ups averaged.")


def show_rating(show):
    average = show.rating_average
    return {
        "average": rating_text(average) if average is not None else None,
        "scale": scale_text(RATING_SCALE),
        "count": show.rating_count,
    }


# Catalog ----------------------------------------------------------------------------


class ShowLinkSerializer(serializers.Serializer):
    slug = serializers.CharField()
    title = serializers.CharField()
    url = ApiLink("api:show_detail")


class ShowRefSerializer(ShowLinkSerializer):
    year = serializers.IntegerField(allow_null=True)


class PersonRefSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()
    kind = serializers.CharField()
    url = ApiLink("api:person_detail")


class SongRefSerializer(serializers.Serializer):
    slug = serializers.CharField()
    title = serializers.CharField()
    url = ApiLink("api:song_detail")


class ShowSerializer(serializers.Serializer):
    slug = serializers.CharField()
    title = serializers.CharField()
    native_title = serializers.CharField()
    titles = serializers.SerializerMethodField(help_text="Every other title, with its kind.")
    kind = serializers.CharField()
    year = serializers.IntegerField(allow_null=True)
    network = NamedSerializer(allow_null=True, help_text="The platform or network.")
    genres = NamedSerializer(many=True, source="genres.all")
    rating = serializers.SerializerMethodField()
    external_ids = ExternalIDSerializer(many=True, source="external_ids.all")
    url = ApiLink("api:show_detail")
    page = PageLink()

    @extend_schema_field(SpellingSerializer(many=True))
    def get_titles(self, show):
        return [{"text": t.title, "kind": t.kind} for t in show.alternative_titles.all()]

    @extend_schema_field(RatingSerializer)
    def get_rating(self, show):
        return show_rating(show)


class EpisodeSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    title = serializers.CharField()
    air_date = serializers.DateField(allow_null=True)
    runtime_minutes = serializers.IntegerField(allow_null=True)
    synopsis = serializers.CharField()


class CreditSerializer(serializers.Serializer):
    person = PersonRefSerializer()
    role = serializers.CharField()
    billing = serializers.CharField()
    character_name = serializers.CharField()
    character_aliases = serializers.ListField(
        child=serializers.CharField(), source="character_alias_list"
    )


class SongWithPerformersSerializer(SongRefSerializer):
    native_title = serializers.CharField()
    part_number = serializers.IntegerField(allow_null=True)
    performers = PersonRefSerializer(many=True, source="performer_list")


class RelatedShowSerializer(serializers.Serializer):
    relation = serializers.CharField(help_text="What the related show is to this one.")
    show = ShowRefSerializer()


class ShowDetailSerializer(ShowSerializer):
    premiere_date = serializers.DateField(allow_null=True)
    episode_count = serializers.IntegerField(allow_null=True)
    runtime_minutes = serializers.IntegerField(allow_null=True)
    synopsis = serializers.CharField()
    poster = serializers.SerializerMethodField()
    episodes = EpisodeSerializer(many=True, source="episode_list")
    credits = CreditSerializer(many=True, source="credit_list")
    songs = SongWithPerformersSerializer(many=True, source="song_list")
    related_shows = RelatedShowSerializer(many=True, source="relation_list")
    writeups = serializers.SerializerMethodField(help_text="Its published write-ups.")

    @extend_schema_field(ImageSerializer(allow_null=True))
    def get_poster(self, show):
        return image(show.poster, show.poster_width, show.poster_height)

    @extend_schema_field(OpenApiTypes.URI)
    def get_writeups(self, show):
        url = reverse("api:writeup_list", request=self.context.get("request"))
        return f"{url}?{urlencode({'show': show.slug})}"


class PersonSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()
    native_name = serializers.CharField()
    names = serializers.SerializerMethodField(help_text="Every other spelling, with its kind.")
    kind = serializers.CharField()
    external_ids = ExternalIDSerializer(many=True, source="external_ids.all")
    url = ApiLink("api:person_detail")
    page = PageLink()

    @extend_schema_field(SpellingSerializer(many=True))
    def get_names(self, person):
        return [{"text": n.name, "kind": n.kind} for n in person.alternative_names.all()]


class FilmographySerializer(serializers.Serializer):
    show = ShowRefSerializer()
    role = serializers.CharField()
    billing = serializers.CharField()
    character_name = serializers.CharField()


class PerformanceSerializer(serializers.Serializer):
    song = SongRefSerializer()
    show = ShowRefSerializer(source="song.show", allow_null=True)
    role = serializers.CharField(help_text="performer, producer, lyricist, composer or arranger")


class PersonDetailSerializer(PersonSerializer):
    bio = serializers.CharField()
    photo = serializers.SerializerMethodField()
    groups = PersonRefSerializer(many=True, source="group_list")
    members = PersonRefSerializer(many=True, source="member_list")
    filmography = FilmographySerializer(many=True, source="credit_list")
    songs = PerformanceSerializer(many=True, source="song_list")

    @extend_schema_field(ImageSerializer(allow_null=True))
    def get_photo(self, person):
        return image(person.photo, person.photo_width, person.photo_height)


class SongSerializer(serializers.Serializer):
    slug = serializers.CharField()
    title = serializers.CharField()
    native_title = serializers.CharField()
    show = ShowRefSerializer(allow_null=True)
    part_number = serializers.IntegerField(allow_null=True)
    release_date = serializers.DateField(allow_null=True)
    performers = serializers.SerializerMethodField()
    url = ApiLink("api:song_detail")
    page = PageLink()

    @extend_schema_field(PersonRefSerializer(many=True))
    def get_performers(self, song):
        people = [performance.person for performance in song.performances.all()]
        return PersonRefSerializer(people, many=True, context=self.context).data


class SongCreditSerializer(serializers.Serializer):
    person = PersonRefSerializer()
    role = serializers.CharField()


class SongDetailSerializer(SongSerializer):
    credits = SongCreditSerializer(many=True, source="credits.all")


# Write-ups and tags --------------------------------------------------------------------


class TagRefSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()
    url = ApiLink("api:tag_detail")


class SpoilersSerializer(serializers.Serializer):
    """The episodes a write-up gives away; ``to`` is null when it does not say which."""

    first = serializers.IntegerField()
    last = serializers.IntegerField(allow_null=True)


class WriteUpSerializer(serializers.Serializer):
    slug = serializers.CharField()
    title = serializers.CharField()
    kind = serializers.CharField()
    standfirst = serializers.CharField()
    show = ShowLinkSerializer()
    episode = serializers.IntegerField(source="episode.number", allow_null=True)
    outlet = serializers.CharField(source="outlet.name", allow_null=True)
    rating = serializers.SerializerMethodField(help_text="Overall, out of 10, one decimal.")
    published_at = serializers.DateTimeField()
    spoilers = serializers.SerializerMethodField(help_text="Null when it gives nothing away.")
    authors = serializers.SerializerMethodField()
    tags = TagRefSerializer(many=True, source="tag_list")
    url = ApiLink("api:writeup_detail")
    page = PageLink()

    def get_rating(self, writeup) -> str | None:
        return rating_text(writeup.rating) if writeup.rating is not None else None

    @extend_schema_field(NamedSerializer(many=True))
    def get_authors(self, writeup):
        return [{"slug": b.author.slug, "name": b.author.name} for b in writeup.bylines.all()]

    @extend_schema_field(SpoilersSerializer(allow_null=True))
    def get_spoilers(self, writeup):
        spoiler_range = writeup.spoiler_range
        if spoiler_range is None:
            return None
        return {"first": spoiler_range[0], "last": spoiler_range[1]}


class ScoreSerializer(serializers.Serializer):
    label = serializers.CharField()
    value = serializers.DecimalField(max_digits=5, decimal_places=2)
    scale = serializers.DecimalField(max_digits=5, decimal_places=2)


class WriteUpDetailSerializer(WriteUpSerializer):
    body_html = serializers.CharField(
        help_text="The body, rendered and sanitised; spoiler blocks are "
        '<details class="spoiler" data-spoiler-from data-spoiler-to>, never folded here.'
    )
    reading_minutes = serializers.IntegerField()
    has_spoilers = serializers.BooleanField()
    verdict_watch = serializers.CharField()
    verdict_skip = serializers.CharField()
    scores = ScoreSerializer(many=True, source="scores.all")
    original_url = serializers.CharField()
    updated_at = serializers.DateTimeField()


class TagSerializer(TagRefSerializer):
    writeup_count = serializers.IntegerField(help_text="Published write-ups carrying it.")
    writeups = serializers.SerializerMethodField()

    @extend_schema_field(OpenApiTypes.URI)
    def get_writeups(self, tag):
        url = reverse("api:writeup_list", request=self.context.get("request"))
        return f"{url}?{urlencode({'tag': tag.slug})}"


class TagDetailSerializer(TagSerializer):
    description = serializers.SerializerMethodField()
    synonyms = serializers.SerializerMethodField()

    def get_description(self, tag) -> str:
        description = getattr(tag, "description", None)
        return description.text if description else ""

    def get_synonyms(self, tag) -> list[str]:
        return [synonym.name for synonym in tag.synonyms.all()]


# Search ---------------------------------------------------------------------------------


class CharacterSerializer(serializers.Serializer):
    character_name = serializers.CharField()
    person = PersonRefSerializer()
    show = ShowRefSerializer()


class SearchWriteUpSerializer(serializers.Serializer):
    """What a search result line shows of a write-up (what match_writeups loads)."""

    slug = serializers.CharField()
    title = serializers.CharField()
    kind = serializers.CharField()
    standfirst = serializers.CharField()
    published_at = serializers.DateTimeField()
    show = ShowLinkSerializer()
    authors = serializers.SerializerMethodField()
    url = ApiLink("api:writeup_detail")

    @extend_schema_field(NamedSerializer(many=True))
    def get_authors(self, writeup):
        return [{"slug": b.author.slug, "name": b.author.name} for b in writeup.bylines.all()]


class SearchSerializer(serializers.Serializer):
    query = serializers.CharField(help_text="The query as it was searched, cleaned.")
    notes = serializers.ListField(
        child=serializers.CharField(), help_text="What was left out of the search and why."
    )
    results = serializers.DictField(
        child=serializers.DictField(),
        help_text="Per kind (shows, people, characters, songs, writeups): "
        "total, total_label and items.",
    )
