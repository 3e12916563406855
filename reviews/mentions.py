"""Links from a write-up's body to the catalog rows it names; the rules are in docs/mentions.md.

When a body is rendered (at save, never per request), every recorded
spelling of a person, show, song, or character of the write-up's own show is
looked for in the Markdown's text, and the first mention of each row in each
section (between headings) becomes a link. Never inside headings, links or
code. Precision first:

- Latin names match case-sensitively on word boundaries; Hangul exactly.
  Titles forgive the case of small words after the first ("Now, We are
  Breaking Up"), nothing else.
- The longest spelling wins at a position ("Eun-soo's mom" before "Eun-soo").
- A name that may be an ordinary word (a title of one or two plain words,
  "Grid", "My Name"; a one-word name, "Kyuhyun") links only with a sign:
  quoted or emphasised, followed by a year "(2021)", one of a list of three
  or more names, or next to someone or something it is credited with in the
  same section (or the write-up's own show).
- One spelling of two rows links neither; the editor sees it as ambiguous.
"""

import re
from collections import defaultdict
from dataclasses import dataclass, field
from itertools import pairwise

from django.db import transaction
from django.urls import reverse
from markdown_it.token import Token

from .markdown import parse_markdown, render_tokens

# Small words a title may write in either case after its first word.
FLEXIBLE_WORDS = frozenset(
    {"a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "from", "in", "is", "it"}
    | {"of", "on", "or", "the", "to", "was", "we", "with"}
)
# A title that may be an ordinary phrase: one or two words of plain letters.
COMMON_TITLE = re.compile(r"[A-Za-z]+(?: [A-Za-z]+)?")
# A name that may be an ordinary word: one word of letters, not all capitals.
COMMON_NAME = re.compile(r"[A-Za-z][a-z]+")
YEAR_AFTER = re.compile(r"\s*\((?:19|20)\d\d\)")
LIST_GLUE = re.compile(r",\s*(?:(?:and|or)\s+)?|\s+(?:and|or)\s+")
LIST_LENGTH = 3
# Straight, curly (the typographer's) and angle quotes.
OPEN_QUOTES = "\"'\u201c\u2018\u00ab"
CLOSE_QUOTES = "\"'\u201d\u2019\u00bb"
EMPHASIS = {"em_open": "em_close", "strong_open": "strong_close"}
APOSTROPHE = re.compile("['\u2019]")

PERSON, SHOW, SONG, CHARACTER, AMBIGUOUS = "person", "show", "song", "character", "ambiguous"


@dataclass(frozen=True)
class Target:
    kind: str
    pk: int
    label: str = field(compare=False)
    slug: str = field(compare=False)

    @property
    def key(self):
        return (self.kind, self.pk)

    @property
    def url(self):
        if self.kind == CHARACTER:  # the show's cast list; slug is the show's
            return reverse("catalog:show_detail", kwargs={"slug": self.slug}) + "#cast"
        return reverse(f"catalog:{self.kind}_detail", kwargs={"slug": self.slug})


@dataclass
class Spelling:
    targets: set = field(default_factory=set)
    common: bool = False


def _key(text):
    """One key for the ways a matched name may differ from its spelling."""
    words = APOSTROPHE.sub("'", text).split()
    return " ".join(
        word.lower() if index and word.lower() in FLEXIBLE_WORDS else word
        for index, word in enumerate(words)
    )


def _pattern(spelling, flexible):
    parts = []
    for index, word in enumerate(spelling.split()):
        part = APOSTROPHE.sub("['\u2019]", re.escape(word))
        if flexible and index and word.lower() in FLEXIBLE_WORDS:
            part = f"(?i:{part})"
        parts.append(part)
    return r"\s+".join(parts)


class Catalog:
    """Every spelling of the rows a body may name, and one pattern that finds them."""

    def __init__(self):
        self.spellings = defaultdict(Spelling)
        self.related = defaultdict(set)
        self._patterns = {}
        self._regex = None
        self._found = {}
        self._urls = {}

    def entry(self, text):
        """The spelling a matched text is (remembered: a long body repeats its names)."""
        if text not in self._found:
            self._found[text] = self.spellings[_key(text)]
        return self._found[text]

    def url(self, target):
        if target not in self._urls:
            self._urls[target] = target.url
        return self._urls[target]

    def add(self, spelling, target):
        spelling = " ".join((spelling or "").split())
        if not spelling:
            return
        title = target.kind in (SHOW, SONG)
        entry = self.spellings[_key(spelling)]
        entry.targets.add(target)
        common = (COMMON_TITLE if title else COMMON_NAME).fullmatch(spelling) is not None
        entry.common = entry.common or common
        self._patterns[_pattern(spelling, flexible=title)] = len(spelling)

    def relate(self, one, other):
        self.related[one].add(other)
        self.related[other].add(one)

    @property
    def regex(self):
        if self._regex is None:
            # Longest first: an alternation takes the first alternative that matches.
            ordered = sorted(self._patterns, key=lambda p: (-self._patterns[p], p))
            alternatives = "|".join(ordered) or r"(?!x)x"
            self._regex = re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)")
        return self._regex

    def common_targets(self, kind):
        return {
            target.pk
            for entry in self.spellings.values()
            if entry.common
            for target in entry.targets
            if target.kind == kind
        }


def load_catalog(show_id):
    """The catalog's names: people, shows, songs, and the characters of the show ``show_id``."""
    from catalog.models import Credit, Person, PersonName, Show, ShowTitle, Song
    from catalog.models.songs import SongCredit, SongPerformer

    catalog = Catalog()
    people = {}
    for pk, name, native, slug in Person.objects.values_list("pk", "name", "native_name", "slug"):
        people[pk] = target = Target(PERSON, pk, f"{name} (person)", slug)
        catalog.add(name, target)
        catalog.add(native, target)
    for pk, name in PersonName.objects.values_list("person_id", "name"):
        catalog.add(name, people[pk])
    shows = {}
    for pk, title, native, slug in Show.objects.values_list("pk", "title", "native_title", "slug"):
        shows[pk] = target = Target(SHOW, pk, f"{title} (show)", slug)
        catalog.add(title, target)
        catalog.add(native, target)
    for pk, title in ShowTitle.objects.values_list("show_id", "title"):
        catalog.add(title, shows[pk])
    songs = {}
    for pk, title, native, slug in Song.objects.values_list("pk", "title", "native_title", "slug"):
        songs[pk] = target = Target(SONG, pk, f"{title} (song)", slug)
        catalog.add(title, target)
        catalog.add(native, target)
    characters = (
        Credit.objects.cast()
        .filter(show_id=show_id)
        .exclude(character_name="")
        .values_list("pk", "character_name", "character_aliases", "person_id", "show__slug")
    )
    for pk, name, aliases, person_id, show_slug in characters:
        target = Target(CHARACTER, pk, f"{name} (character)", show_slug)
        for spelling in (name, *aliases.split(";")):
            catalog.add(spelling, target)
        catalog.relate(target.key, (PERSON, person_id))
        catalog.relate(target.key, (SHOW, show_id))
    # What a name that may be an ordinary word is credited with: its sign in a section.
    common_people = catalog.common_targets(PERSON)
    common_shows, common_songs = catalog.common_targets(SHOW), catalog.common_targets(SONG)
    if common_people or common_shows:
        credits = Credit.objects.filter(person__in=common_people) | Credit.objects.filter(
            show__in=common_shows
        )
        for show_pk, person_pk in credits.values_list("show_id", "person_id"):
            catalog.relate((SHOW, show_pk), (PERSON, person_pk))
    if common_people or common_songs:
        for model in (SongPerformer, SongCredit):
            rows = model.objects.filter(person__in=common_people) | model.objects.filter(
                song__in=common_songs
            )
            for song_pk, person_pk in rows.values_list("song_id", "person_id"):
                catalog.relate((SONG, song_pk), (PERSON, person_pk))
    return catalog


@dataclass
class Candidate:
    inline: int
    child: int
    start: int
    end: int
    text: str
    entry: Spelling
    section: int
    in_heading: bool
    signed: bool = False


def _emphasised(children, index):
    """Whether the text child at ``index`` is the whole of an emphasis."""
    if 0 < index < len(children) - 1:
        closing = EMPHASIS.get(children[index - 1].type)
        return closing is not None and children[index + 1].type == closing
    return False


def _find(tokens, catalog):
    """Every name in the text of ``tokens``, outside links and code, in order."""
    found, section, in_heading = [], 0, False
    for i, token in enumerate(tokens):
        if token.type == "heading_open":
            section, in_heading = section + 1, True
        elif token.type == "heading_close":
            in_heading = False
        elif token.type == "inline" and token.children:
            depth = 0
            for j, child in enumerate(token.children):
                if child.type == "link_open":
                    depth += 1
                elif child.type == "link_close":
                    depth -= 1
                elif child.type == "text" and not depth and child.content:
                    whole = _emphasised(token.children, j)
                    where = (i, j, section, in_heading, whole)
                    found.extend(_find_in_text(child.content, catalog, *where))
    return found


def _find_in_text(content, catalog, i, j, section, in_heading, whole):
    here = []
    for match in catalog.regex.finditer(content):
        start, end = match.span()
        quoted = (
            start > 0
            and content[start - 1] in OPEN_QUOTES
            and end < len(content)
            and content[end] in CLOSE_QUOTES
        )
        signed = quoted or (whole and start == 0 and end == len(content))
        signed = signed or YEAR_AFTER.match(content, end) is not None
        entry = catalog.entry(match.group())
        here.append(Candidate(i, j, start, end, match.group(), entry, section, in_heading, signed))
    # A list of three or more names, joined by commas, "and" or "or", names them all.
    run = here[:1]
    for previous, candidate in pairwise(here):
        if LIST_GLUE.fullmatch(content, previous.end, candidate.start):
            run.append(candidate)
            continue
        _sign_list(run)
        run = [candidate]
    _sign_list(run)
    return here


def _sign_list(run):
    if len(run) >= LIST_LENGTH:
        for candidate in run:
            candidate.signed = True


def link_mentions(tokens, catalog, disabled=frozenset(), show_id=None):
    """Turn the first mention of each row in each section into a link; return the mentions.

    ``disabled`` holds ``(kind, pk, section, text)`` of links an editor switched
    off: they are listed again, switched off, and not linked.
    """
    found = _find(tokens, catalog)
    seen = defaultdict(set)
    for candidate in found:
        if len(candidate.entry.targets) == 1:
            seen[candidate.section].add(next(iter(candidate.entry.targets)).key)
    own = {(SHOW, show_id)}
    mentions, links, done = [], defaultdict(list), set()
    for position, candidate in enumerate(found):
        targets = candidate.entry.targets
        if candidate.in_heading:
            continue
        if candidate.entry.common and not candidate.signed:
            context = seen[candidate.section] | own
            if not any(
                target.key in own or catalog.related[target.key] & context for target in targets
            ):
                continue
        if len(targets) > 1:
            once = (candidate.section, AMBIGUOUS, _key(candidate.text))
            if once not in done:
                done.add(once)
                between = "; ".join(sorted(target.label for target in targets))
                mentions.append(_mention(AMBIGUOUS, None, candidate, position, False, between))
            continue
        (target,) = targets
        if (candidate.section, target.key) in done:
            continue
        done.add((candidate.section, target.key))
        enabled = (*target.key, candidate.section, candidate.text) not in disabled
        mentions.append(_mention(target.kind, target.pk, candidate, position, enabled))
        if enabled:
            links[candidate.inline, candidate.child].append((candidate, catalog.url(target)))
    # Right to left: a split shifts the indexes of the children after it.
    for (i, j), spans in sorted(links.items(), key=lambda item: item[0], reverse=True):
        children = tokens[i].children
        children[j : j + 1] = _split(children[j], spans)
    return mentions


def _split(child, spans):
    pieces, cursor = [], 0
    for candidate, url in spans:
        if candidate.start > cursor:
            pieces.append(_text(child.content[cursor : candidate.start]))
        pieces += [
            Token("link_open", "a", 1, attrs={"href": url}),
            _text(candidate.text),
            Token("link_close", "a", -1),
        ]
        cursor = candidate.end
    if cursor < len(child.content):
        pieces.append(_text(child.content[cursor:]))
    return pieces


def _text(content):
    return Token("text", "", 0, content=content)


def _mention(kind, pk, candidate, position, enabled, between=""):
    target_field = {PERSON: "person_id", SHOW: "show_id", SONG: "song_id", CHARACTER: "credit_id"}
    row = {
        "kind": kind,
        "text": candidate.text[:200],
        "section": candidate.section,
        "position": position,
        "enabled": enabled,
        "ambiguous_between": between[:500],
    }
    if pk is not None:
        row[target_field[kind]] = pk
    return row


def disabled_mentions(writeup):
    """``(kind, pk, section, text)`` of the links an editor switched off in ``writeup``."""
    if writeup.pk is None:
        return frozenset()
    rows = writeup.mentions.filter(enabled=False).exclude(kind=AMBIGUOUS)
    fields = ("kind", "person_id", "show_id", "song_id", "credit_id", "section", "text")
    return frozenset(
        (kind, person or show or song or credit, section, text)
        for kind, person, show, song, credit, section, text in rows.values_list(*fields)
    )


def render_with_mentions(writeup, catalog=None):
    """The write-up's body as safe HTML with its mentions linked, and the mentions found."""
    tokens = parse_markdown(writeup.body)
    catalog = catalog or load_catalog(writeup.show_id)
    mentions = link_mentions(tokens, catalog, disabled_mentions(writeup), writeup.show_id)
    return render_tokens(tokens), mentions


STORED = (
    *("kind", "person_id", "show_id", "song_id", "credit_id"),
    *("text", "section", "position", "enabled", "ambiguous_between"),
)


def store_mentions(writeup, mentions):
    """Replace the write-up's mention rows with ``mentions`` (from render_with_mentions)."""
    from .models import Mention

    rows = Mention.objects.filter(writeup=writeup)
    # Unchanged rows are left alone: saving or loading the same body again writes nothing.
    if list(rows.order_by("position").values_list(*STORED)) == [
        tuple(row.get(name) for name in STORED) for row in mentions
    ]:
        return
    with transaction.atomic():
        rows.delete()
        Mention.objects.bulk_create(Mention(writeup=writeup, **row) for row in mentions)


def relink(writeup, catalog=None):
    """Render the body again with the catalog and switches as they are now; store both."""
    from reviews_site.cache import invalidate

    from .models import WriteUp

    html, mentions = render_with_mentions(writeup, catalog)
    with transaction.atomic():
        store_mentions(writeup, mentions)
        if html != writeup.body_html:
            WriteUp.objects.filter(pk=writeup.pk).update(body_html=html)
            transaction.on_commit(invalidate)
    writeup.body_html = html
    return mentions


# The groups of the "In this article" list, in the order shown.
ARTICLE_GROUPS = ((PERSON, "People"), (SHOW, "Shows"), (CHARACTER, "Characters"), (SONG, "Songs"))


def in_this_article(writeup):
    """The rows the write-up links to, once each, grouped by kind: one query."""
    from .models import Mention

    mentions = (
        Mention.objects.linked()
        .filter(writeup=writeup)
        .select_related("person", "show", "song", "credit__show")
        .only(
            *("kind", "text", "writeup_id", "person__name", "person__slug"),
            *("show__title", "show__slug", "song__title", "song__slug"),
            *("credit__character_name", "credit__show__slug", "credit__show__title"),
        )
    )
    grouped, seen = defaultdict(list), set()
    for mention in mentions:
        key = (mention.kind, mention.target.pk)
        if key not in seen:
            seen.add(key)
            grouped[mention.kind].append(mention)
    return [(label, grouped[kind]) for kind, label in ARTICLE_GROUPS if grouped[kind]]
