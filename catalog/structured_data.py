"""schema.org JSON-LD for the catalog's pages: shows, episodes, people and songs.

Each builder is a plain function over objects its view already loaded (the
show with its prefetched titles, genres and IDs elsewhere and its rating annotations, the
credits, the episodes, a song's prefetched performers and credits), so the
data costs no query. Everything in it is public catalog data; the only
numbers drawn from write-ups are a show's ``rating_average`` and
``rating_count``, which ``reviews.models.with_ratings`` computes from
published write-ups alone.
"""

from reviews.ratings import rating_text
from reviews_site.structured_data import (
    BEST_RATING,
    SCHEMA_CONTEXT,
    WORST_RATING,
    absolute,
    compact,
    distinct_names,
    image_url,
)

from .models import Credit, Show, SongCredit

# A one-off special is closest to a TV film: schema.org has no type of its own for it.
SHOW_TYPES = {
    Show.Kind.SERIES: "TVSeries",
    Show.Kind.ANTHOLOGY: "TVSeries",
    Show.Kind.FILM: "Movie",
    Show.Kind.SPECIAL: "Movie",
}
# The schema.org property each crew job fills; other jobs are left out.
CREW_PROPERTIES = {
    Credit.Role.DIRECTOR: "director",
    Credit.Role.WRITER: "author",
    Credit.Role.CREATOR: "creator",
    Credit.Role.PRODUCER: "producer",
    Credit.Role.COMPOSER: "musicBy",
}
# Song credits on the composition (who wrote it) and on the recording (who produced it).
COMPOSITION_PROPERTIES = {
    SongCredit.Role.COMPOSER: "composer",
    SongCredit.Role.LYRICIST: "lyricist",
}
RECORDING_PROPERTIES = {SongCredit.Role.PRODUCER: "producer"}
# Korean dramas, in Korean: the catalog covers nothing else.
SHOW_LANGUAGE = "ko"


def show_type(show):
    return SHOW_TYPES.get(show.kind, "CreativeWork")


def is_series(show):
    return show_type(show) == "TVSeries"


def person_ref(person, request):
    """A person or group, named and linked, for a list inside another object."""
    return {
        "@type": "MusicGroup" if person.is_group else "Person",
        "name": person.name,
        "url": absolute(request, person.get_absolute_url()),
    }


def show_ref(show, request):
    """A show named and linked, as what a write-up, an episode or a song is about."""
    return compact(
        {
            "@type": show_type(show),
            "name": show.title,
            "alternateName": distinct_names(show.title, show.native_title),
            "url": absolute(request, show.get_absolute_url()),
        }
    )


def episode_ref(episode, show, request):
    """An episode named and linked, with the series it belongs to."""
    return {
        "@type": "TVEpisode",
        "name": episode_name(episode),
        "episodeNumber": episode.number,
        "url": absolute(request, episode.get_absolute_url()),
        "partOfSeries": show_ref(show, request),
    }


def episode_name(episode):
    return episode.title or f"Episode {episode.number}"


def release_date(show):
    """The premiere date, or the year alone (an ISO 8601 date may be just a year)."""
    if show.premiere_date:
        return show.premiere_date.isoformat()
    return str(show.year) if show.year else None


def aggregate_rating(show):
    """The show's rating from published, scored write-ups, or None when it has none."""
    count = getattr(show, "rating_count", 0)
    if not count or show.rating_average is None:
        return None
    return {
        "@type": "AggregateRating",
        "ratingValue": rating_text(show.rating_average),
        "reviewCount": count,
        "bestRating": BEST_RATING,
        "worstRating": WORST_RATING,
    }


def cast_member(credit, request):
    """An actor, as a PerformanceRole when the character is known (schema.org's role pattern)."""
    actor = person_ref(credit.person, request)
    if not credit.character_name:
        return actor
    return {"@type": "PerformanceRole", "actor": actor, "characterName": credit.character_name}


def show_data(show, request, *, credits=(), episodes=(), external_ids=()):
    """A TVSeries (a Movie for films and specials) for the show page.

    ``credits`` are the show's credits with their people, ``episodes`` its
    episodes in order, ``external_ids`` its IDs at other sites (``sameAs``);
    ``show`` carries the prefetched alternative titles and genres and the
    ``with_ratings`` annotations.
    """
    date = release_date(show)
    data = {
        "@context": SCHEMA_CONTEXT,
        **show_ref(show, request),
        "alternateName": distinct_names(
            show.title, show.native_title, *(title.title for title in show.alternative_titles.all())
        ),
        "inLanguage": SHOW_LANGUAGE,
        "description": show.synopsis,
        "image": image_url(request, show.poster),
        "datePublished": date,
        "genre": [genre.name for genre in show.genres.all()],
        "publisher": {"@type": "Organization", "name": show.network.name} if show.network else None,
        "actor": [cast_member(credit, request) for credit in credits if credit.is_cast],
        "aggregateRating": aggregate_rating(show),
        "sameAs": [external_id.url for external_id in external_ids],
    }
    for role, prop in CREW_PROPERTIES.items():
        people = {credit.person.pk: credit.person for credit in credits if credit.role == role}
        data[prop] = [person_ref(person, request) for person in people.values()]
    if is_series(show):
        data["startDate"] = date
        data["numberOfEpisodes"] = show.episode_count or len(episodes) or None
        data["episode"] = [
            {
                "@type": "TVEpisode",
                "episodeNumber": episode.number,
                "name": episode_name(episode),
                "url": absolute(request, episode.get_absolute_url()),
            }
            for episode in episodes
        ]
    elif show.runtime_minutes:
        data["duration"] = f"PT{show.runtime_minutes}M"
    return compact(data)


def episode_data(episode, show, request):
    """A TVEpisode that is part of its series, for the episode page."""
    data = {
        "@context": SCHEMA_CONTEXT,
        **episode_ref(episode, show, request),
        "inLanguage": SHOW_LANGUAGE,
        "description": episode.synopsis,
        "datePublished": episode.air_date.isoformat() if episode.air_date else None,
        "duration": f"PT{episode.runtime_minutes}M" if episode.runtime_minutes else None,
        "image": image_url(request, show.poster),
    }
    return compact(data)


def person_data(person, request, *, groups=(), members=(), external_ids=()):
    """A Person (a MusicGroup for a group, with its members) for the person page."""
    data = {
        "@context": SCHEMA_CONTEXT,
        **person_ref(person, request),
        "alternateName": distinct_names(
            person.name, person.native_name, *(name.name for name in person.alternative_names.all())
        ),
        "description": person.bio,
        "image": image_url(request, person.photo),
        "memberOf": [person_ref(group, request) for group in groups],
        "member": [person_ref(member, request) for member in members],
        "sameAs": [external_id.url for external_id in external_ids],
    }
    return compact(data)


def song_data(song, request):
    """A MusicRecording for the song page: who sings it, who wrote it, which OST it is on.

    ``song`` carries its show and its prefetched performances and credits.
    """
    credits = song.credits.all()

    def credited(role):
        people = {credit.person.pk: credit.person for credit in credits if credit.role == role}
        return [person_ref(person, request) for person in people.values()]

    composition = compact(
        {
            "@type": "MusicComposition",
            "name": song.title,
            **{prop: credited(role) for role, prop in COMPOSITION_PROPERTIES.items()},
        }
    )
    show = song.show
    data = {
        "@context": SCHEMA_CONTEXT,
        "@type": "MusicRecording",
        "name": song.title,
        "alternateName": distinct_names(song.title, song.native_title),
        "url": absolute(request, song.get_absolute_url()),
        "byArtist": [
            person_ref(performance.person, request) for performance in song.performances.all()
        ],
        "datePublished": song.release_date.isoformat() if song.release_date else None,
        "inAlbum": (
            {
                "@type": "MusicAlbum",
                "name": f"{show.title} OST",
                "albumProductionType": "https://schema.org/SoundtrackAlbum",
                "about": show_ref(show, request),
            }
            if show
            else None
        ),
        "image": image_url(request, show.poster) if show else None,
        **{prop: credited(role) for role, prop in RECORDING_PROPERTIES.items()},
        # A composition with nobody credited says nothing the recording does not.
        "recordingOf": composition if len(composition) > 2 else None,
    }
    return compact(data)
