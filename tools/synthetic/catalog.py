"""The synthetic catalog: platforms, genres, shows, episodes, people, groups, credits, songs.

Each builder makes unsaved rows with every derived field computed as the
model would (``search_names``, ``year``), inserts them in bulk and returns
what the next builder needs. Popular shows get bigger casts, more songs and
(in tools.synthetic.writeups) more write-ups; popular actors get more
credits, up to a plausible career.
"""

from dataclasses import dataclass, field
from datetime import timedelta

from django.utils.text import slugify

from catalog.models import (
    Credit,
    Episode,
    Genre,
    Membership,
    Network,
    Person,
    PersonName,
    Show,
    ShowRelation,
    ShowTitle,
    Song,
    SongCredit,
    SongPerformer,
)
from catalog.names import search_key

from . import NOTE, PREFIX
from .names import cumulative, distinct_picks, korean_name, popularity, spread
from .vocabulary import (
    GENRES,
    GROUP_WORDS,
    NETWORKS,
    PLACES,
    SENTENCES,
    SONG_WORDS,
    TITLE_ADJECTIVES,
    TITLE_NOUNS,
)

BATCH = 1000
# How many times the average a popular show's cast and soundtrack may be.
CAST_SPREAD = 6.0
OST_SPREAD = 5.0
CREW_EXTRAS = [
    Credit.Role.PRODUCER,
    Credit.Role.COMPOSER,
    Credit.Role.CINEMATOGRAPHER,
    Credit.Role.EDITOR,
    Credit.Role.CREATOR,
]


@dataclass
class Catalog:
    shows: list
    show_weights: list  # popularity, for write-ups
    episodes: dict = field(default_factory=dict)  # show pk -> [episode pk]


def insert(model, rows, using):
    return model.objects.using(using).bulk_create(rows, batch_size=BATCH)


def reuse_or_create(model, names, using):
    """Rows named ``names``: existing ones (any case) are reused, the others made synthetic."""
    existing = {row.name.casefold(): row for row in model.objects.using(using).all()}
    missing = [name for name in names if name.casefold() not in existing]
    created = insert(
        model, [model(name=name, slug=PREFIX + slugify(name)) for name in missing], using
    )
    rows = {row.name.casefold(): row for row in created} | existing
    return [rows[name.casefold()] for name in names]


def by_kind(alternative):
    """ShowTitle's ordering (kind, then title): the order compute_search_names reads them in."""
    title, kind = alternative
    return kind, title


def show_title(rng):
    """(English title, Hangul title, romanized Hangul title)."""
    adj, noun = rng.choice(TITLE_ADJECTIVES), rng.choice(TITLE_NOUNS)
    shape = rng.randrange(4)
    if shape == 0:
        return f"The {adj[0]} {noun[0]}", f"{adj[1]} {noun[1]}", f"{adj[2]} {noun[2]}"
    if shape == 1:
        return f"My {adj[0]} {noun[0]}", f"나의 {adj[1]} {noun[1]}", f"Naui {adj[2]} {noun[2]}"
    place = rng.choice(PLACES)
    if shape == 2:
        return f"{noun[0]} in {place}", f"{place} {noun[1]}", f"{place} {noun[2]}"
    return f"{adj[0]} {noun[0]}", f"{adj[1]} {noun[1]}", f"{adj[2]} {noun[2]}"


def build_shows(rng, counts, anchor, using):
    networks = reuse_or_create(Network, NETWORKS, using)
    genres = reuse_or_create(Genre, GENRES, using)
    shows, titles, picked_genres = [], [], []
    for number in range(1, counts.shows + 1):
        title, native, romanized = show_title(rng)
        kind = rng.choices(list(Show.Kind), weights=[85, 10, 4, 1])[0]
        premiere = anchor.date() - timedelta(days=rng.randrange(20 * 365))
        alternatives = [(romanized, ShowTitle.Kind.ROMANIZATION)] if rng.random() < 0.7 else []
        if rng.random() < 0.1:
            alternatives.append((f"Project {title.split()[-1]}", ShowTitle.Kind.WORKING))
        series = kind in (Show.Kind.SERIES, Show.Kind.ANTHOLOGY)
        shows.append(
            Show(
                title=title,
                slug=f"{PREFIX}{slugify(title)}-{number}",
                native_title=native,
                kind=kind,
                premiere_date=premiere,
                year=premiere.year,
                network=rng.choice(networks),
                episode_count=rng.choice([8, 10, 12, 16, 16, 16, 20]) if series else None,
                runtime_minutes=rng.randint(100, 130) if kind == Show.Kind.FILM else 60,
                synopsis=f"{NOTE} {rng.choice(SENTENCES)}",
                search_names=search_key(
                    title, native, *(alt for alt, _ in sorted(alternatives, key=by_kind))
                ),
                created_at=anchor,
                updated_at=anchor,
            )
        )
        titles.append(alternatives)
        picked_genres.append(rng.sample(genres, rng.randint(1, 3)))
    shows = insert(Show, shows, using)
    insert(
        ShowTitle,
        [
            ShowTitle(show=show, title=alt, kind=kind)
            for show, alternatives in zip(shows, titles, strict=True)
            for alt, kind in alternatives
        ],
        using,
    )
    through = Show.genres.through
    insert(
        through,
        [
            through(show_id=show.pk, genre_id=genre.pk)
            for show, chosen in zip(shows, picked_genres, strict=True)
            for genre in chosen
        ],
        using,
    )
    relations = [
        ShowRelation(show=show, related_show=other, kind=ShowRelation.Kind.SEQUEL)
        for show, other in zip(shows[::50], shows[1::50], strict=False)
    ]
    insert(ShowRelation, relations, using)
    return Catalog(
        shows=shows, show_weights=popularity(rng, len(shows), cap=max(20, len(shows) // 25))
    )


def build_episodes(rng, catalog, anchor, using):
    episodes = []
    for show in catalog.shows:
        for number in range(1, (show.episode_count or 0) + 1):
            air_date = show.premiere_date + timedelta(weeks=(number - 1) // 2)
            episodes.append(
                Episode(
                    show=show,
                    number=number,
                    title="",
                    runtime_minutes=rng.randint(55, 75),
                    air_date=air_date if air_date <= anchor.date() else None,
                    created_at=anchor,
                    updated_at=anchor,
                )
            )
    for episode in insert(Episode, episodes, using):
        catalog.episodes.setdefault(episode.show_id, []).append(episode.pk)


def build_people(rng, counts, anchor, using):
    """Individuals (with other spellings of their names) and a few groups with members."""
    people, spellings = [], []
    groups = max(1, counts.people // 40)
    for number in range(1, counts.people + 1):
        if number <= groups:
            word, native = rng.choice(GROUP_WORDS)
            name, kind, others = f"{word} {number}", Person.Kind.GROUP, []
        else:
            korean = korean_name(rng)
            name, native, kind = korean.name, korean.native, Person.Kind.INDIVIDUAL
            others = korean.variants(rng, rng.choice([0, 1, 1, 2, 3]))
        people.append(
            Person(
                name=name,
                slug=f"{PREFIX}{slugify(name)}-{number}",
                native_name=native,
                kind=kind,
                bio=NOTE,
                search_names=search_key(name, native, *sorted(others)),
                created_at=anchor,
                updated_at=anchor,
            )
        )
        spellings.append(others)
    people = insert(Person, people, using)
    insert(
        PersonName,
        [
            PersonName(person=person, name=other, kind=PersonName.Kind.SPELLING)
            for person, others in zip(people, spellings, strict=True)
            for other in others
        ],
        using,
    )
    individuals = [person for person in people if person.kind == Person.Kind.INDIVIDUAL]
    group_rows = [person for person in people if person.kind == Person.Kind.GROUP]
    insert(
        Membership,
        [
            Membership(group=group, member=member)
            for group in group_rows
            for member in rng.sample(individuals, min(len(individuals), rng.randint(2, 5)))
        ],
        using,
    )
    return individuals, group_rows


def credit_roles(count):
    """The roles of a show's ``count`` credits: two leads, director, writer, then the rest."""
    fixed = [
        (Credit.Role.CAST, Credit.Billing.LEAD),
        (Credit.Role.CAST, Credit.Billing.LEAD),
        (Credit.Role.DIRECTOR, ""),
        (Credit.Role.WRITER, ""),
    ]
    roles = fixed[:count]
    for position in range(len(roles), count):
        if position % 5 == 4:
            roles.append((CREW_EXTRAS[position // 5 % len(CREW_EXTRAS)], ""))
        elif position % 7 == 6:
            roles.append((Credit.Role.CAST, Credit.Billing.CAMEO))
        else:
            roles.append((Credit.Role.CAST, Credit.Billing.SUPPORTING))
    return roles


def build_credits(rng, counts, catalog, individuals, using):
    weights = cumulative(popularity(rng, len(individuals), cap=60))
    # Popular shows have bigger casts, within what a drama credits (a few dozen).
    cast_weights = cumulative(min(CAST_SPREAD, weight) for weight in catalog.show_weights)
    quotas = spread(rng, counts.credits, cast_weights, len(catalog.shows))
    credits = []
    for show, quota in zip(catalog.shows, quotas, strict=True):
        cast = distinct_picks(rng, individuals, weights, quota)
        for order, (person, (role, billing)) in enumerate(
            zip(cast, credit_roles(len(cast)), strict=True)
        ):
            character, aliases = "", ""
            if role == Credit.Role.CAST:
                korean = korean_name(rng)
                character = korean.name if rng.random() < 0.7 else korean.given
                if rng.random() < 0.3:
                    aliases = "; ".join(korean.variants(rng, 2))
            credits.append(
                Credit(
                    show=show,
                    person=person,
                    role=role,
                    billing=billing,
                    character_name=character,
                    character_aliases=aliases,
                    order=order,
                    search_names=search_key(character, *aliases.split(";"))
                    if role == Credit.Role.CAST
                    else "",
                )
            )
    insert(Credit, credits, using)


def build_songs(rng, counts, catalog, individuals, groups, anchor, using):
    """OST songs, most on a show's soundtrack in part order, sung by a person or a group."""
    singers = groups + individuals[: max(1, len(individuals) // 10)]
    singer_weights = cumulative(popularity(rng, len(singers), cap=40))
    makers = individuals[-max(1, len(individuals) // 20) :]
    # An OST has a handful of parts; popular shows a few more.
    soundtrack_weights = cumulative(min(OST_SPREAD, weight) for weight in catalog.show_weights)
    show_for = rng.choices(catalog.shows, cum_weights=soundtrack_weights, k=counts.songs)
    parts, songs = {}, []
    for number, show in enumerate(show_for, start=1):
        title, native = rng.choice(SONG_WORDS)
        standalone = rng.random() < 0.05
        part = None if standalone else parts.setdefault(show.pk, 0) + 1
        if not standalone:
            parts[show.pk] = part
        release = None if standalone else show.premiere_date + timedelta(days=7 * (part or 1))
        songs.append(
            Song(
                title=title,
                slug=f"{PREFIX}{slugify(title)}-{number}",
                native_title=native,
                show=None if standalone else show,
                show_year=0 if standalone else show.year or 0,
                show_title="" if standalone else show.title,
                part_number=part,
                release_date=release if release and release <= anchor.date() else None,
                search_names=search_key(title, native),
                created_at=anchor,
                updated_at=anchor,
            )
        )
    songs = insert(Song, songs, using)
    performers, song_credits = [], []
    for song in songs:
        for order, person in enumerate(
            distinct_picks(rng, singers, singer_weights, rng.choice([1, 1, 1, 2]))
        ):
            performers.append(SongPerformer(song=song, person=person, order=order))
        for role in (SongCredit.Role.COMPOSER, SongCredit.Role.LYRICIST):
            song_credits.append(SongCredit(song=song, person=rng.choice(makers), role=role))
    insert(SongPerformer, performers, using)
    insert(SongCredit, song_credits, using)
