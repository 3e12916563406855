"""Synthetic write-ups: reviews, recaps and features with bylines, scores and tags.

A few shows get many write-ups and most get a handful (the popularity the
catalog gave them). Most pieces are published over the past years; some
are drafts and some are scheduled for the coming weeks. Bodies come from a
small set of Markdown templates, each rendered once with the site's own
renderer, so ``body_html`` and ``reading_minutes`` are exactly what
``WriteUp.save`` would store.
"""

from datetime import timedelta
from decimal import Decimal

from django.utils.text import slugify
from taggit.models import Tag

from reviews.markdown import reading_minutes, render_markdown
from reviews.models import RATING_SCALE, Author, Outlet, Score, TaggedWriteUp, WriteUp
from reviews.models import WriteUpAuthor as Byline

from . import NOTE, PREFIX
from .catalog import insert
from .names import cumulative, distinct_picks, popularity
from .vocabulary import AUTHOR_HANDLES, LIST_ITEMS, QUOTES, SCORE_LABELS, SENTENCES, TAGS

BODY_TEMPLATES = 24
VERDICTS = [
    "a slow burn worth the wait",
    "charming but uneven",
    "the comfort watch of the year",
    "gorgeous and a little hollow",
    "a finale that earns its tears",
]
FEATURES = [
    "Why we still talk about",
    "The soundtrack of",
    "Five scenes that define",
    "Where to start with",
]


def body_templates(rng):
    """(Markdown, HTML, reading minutes) for a few bodies, each rendered once."""
    bodies = []
    for _ in range(BODY_TEMPLATES):
        paragraphs = [" ".join(rng.sample(SENTENCES, 4)) for _ in range(rng.randint(3, 6))]
        items = "\n".join(f"- {item}" for item in rng.sample(LIST_ITEMS, 3))
        markdown = "\n\n".join(
            [
                f"*{NOTE}*",
                paragraphs[0],
                "## What works",
                items,
                *paragraphs[1:-1],
                f"> {rng.choice(QUOTES)}",
                "## The verdict",
                paragraphs[-1],
            ]
        )
        bodies.append((markdown, render_markdown(markdown), reading_minutes(markdown)))
    return bodies


def rating_of(scores):
    """WriteUp.compute_rating, on unsaved scores: the mean on the common scale, or None."""
    if not scores:
        return None
    total = sum(score.value / score.scale for score in scores)
    return (total / len(scores) * RATING_SCALE).quantize(Decimal("0.01"))


def make_scores(rng, kind):
    if kind != WriteUp.Kind.REVIEW and rng.random() < 0.8:
        return []
    scores = []
    for order, label in enumerate(rng.sample(SCORE_LABELS, rng.randint(1, 4))):
        scale = rng.choice([Decimal(5), Decimal(10), Decimal(10), Decimal(100)])
        value = (scale * Decimal(rng.randint(40, 100)) / 100).quantize(Decimal("0.01"))
        scores.append(Score(label=label, value=value, scale=scale, order=order))
    return scores


def build_people_and_tags(rng, counts, anchor, using):
    authors = insert(
        Author,
        [
            Author(
                name=f"{AUTHOR_HANDLES[number % len(AUTHOR_HANDLES)]} {number}",
                slug=f"{PREFIX}author-{number}",
                bio=NOTE,
                created_at=anchor,
                updated_at=anchor,
            )
            for number in range(1, max(5, counts.writeups // 300) + 1)
        ],
        using,
    )
    outlet, _ = Outlet.objects.using(using).get_or_create(
        slug=f"{PREFIX}outlet", defaults={"name": "Synthetic data"}
    )
    existing = {tag.name.casefold(): tag for tag in Tag.objects.using(using).all()}
    created = insert(
        Tag,
        [
            Tag(name=name, slug=PREFIX + slugify(name))
            for name in TAGS
            if name.casefold() not in existing
        ],
        using,
    )
    by_name = {tag.name.casefold(): tag for tag in created} | existing
    tags = [by_name[name.casefold()] for name in TAGS]
    return authors, outlet, tags


def publish_time(rng, show, anchor):
    """Draft (None), scheduled (the coming weeks) or published (after the premiere)."""
    roll = rng.random()
    if roll < 0.03:
        return WriteUp.Status.DRAFT, None
    if roll < 0.04:
        return WriteUp.Status.PUBLISHED, anchor + timedelta(minutes=rng.randint(1440, 30 * 1440))
    earliest = max(show.premiere_date, anchor.date() - timedelta(days=10 * 365))
    days = max(1, (anchor.date() - earliest).days)
    return WriteUp.Status.PUBLISHED, anchor - timedelta(minutes=rng.randint(60, days * 1440))


def title_for(rng, kind, show, episode_number):
    if kind == WriteUp.Kind.RECAP:
        return f"{show.title} episode {episode_number} recap"
    if kind == WriteUp.Kind.FEATURE:
        return f"{rng.choice(FEATURES)} {show.title}"
    return f"{show.title} review: {rng.choice(VERDICTS)}"


def build_writeups(rng, counts, catalog, anchor, using):
    authors, outlet, tags = build_people_and_tags(rng, counts, anchor, using)
    author_weights = cumulative(popularity(rng, len(authors), cap=30))
    tag_weights = cumulative(popularity(rng, len(tags), cap=20))
    bodies = body_templates(rng)
    shows = rng.choices(
        catalog.shows, cum_weights=cumulative(catalog.show_weights), k=counts.writeups
    )
    writeups, extras = [], []
    for number, show in enumerate(shows, start=1):
        episodes = catalog.episodes.get(show.pk, [])
        kind = rng.choices(list(WriteUp.Kind), weights=[50, 35, 15])[0]
        if kind == WriteUp.Kind.RECAP and not episodes:
            kind = WriteUp.Kind.REVIEW
        episode_index = rng.randrange(len(episodes)) if kind == WriteUp.Kind.RECAP else None
        status, published_at = publish_time(rng, show, anchor)
        markdown, html, minutes = rng.choice(bodies)
        scores = make_scores(rng, kind)
        title = title_for(rng, kind, show, (episode_index or 0) + 1)
        writeups.append(
            WriteUp(
                title=title,
                slug=f"{PREFIX}{slugify(title)[:150]}-{number}",
                standfirst=rng.choice(SENTENCES),
                kind=kind,
                show=show,
                episode_id=episodes[episode_index] if episode_index is not None else None,
                outlet=outlet,
                status=status,
                published_at=published_at,
                body=markdown,
                body_html=html,
                reading_minutes=minutes,
                has_spoilers=kind == WriteUp.Kind.RECAP,
                verdict_watch="You like a slow burn." if kind == WriteUp.Kind.REVIEW else "",
                verdict_skip="You need a twist every episode."
                if kind == WriteUp.Kind.REVIEW
                else "",
                rating=rating_of(scores),
                created_at=published_at or anchor,
                updated_at=published_at or anchor,
            )
        )
        extras.append(
            (
                distinct_picks(rng, authors, author_weights, rng.choice([1, 1, 1, 2])),
                scores,
                distinct_picks(rng, tags, tag_weights, rng.choice([0, 1, 2, 3, 3, 4, 5])),
            )
        )
    writeups = insert(WriteUp, writeups, using)
    bylines, all_scores, tagged = [], [], []
    for writeup, (byline_authors, scores, writeup_tags) in zip(writeups, extras, strict=True):
        bylines += [
            # bulk_create skips save(): the links' copy of the publish time is set here.
            Byline(writeup=writeup, author=author, order=order, published_at=writeup.listed_at)
            for order, author in enumerate(byline_authors)
        ]
        for score in scores:
            score.writeup = writeup
        all_scores += scores
        tagged += [
            TaggedWriteUp(content_object=writeup, tag=tag, published_at=writeup.listed_at)
            for tag in writeup_tags
        ]
    insert(Byline, bylines, using)
    insert(Score, all_scores, using)
    insert(TaggedWriteUp, tagged, using)
