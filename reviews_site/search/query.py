"""What a reader typed, made safe and small before it reaches a query.

The search box accepts anything: a pasted paragraph, binary junk, control
characters, bytes that were not UTF-8 (Django decodes those to U+FFFD). None
of it may turn into an error, on SQLite or on PostgreSQL, so the text is
cleaned once here and every search path starts from the result.
"""

import re
import unicodedata
from dataclasses import dataclass, field

from catalog.names import MIN_WRITTEN_KEY_LENGTH, fold, letters

MAX_QUERY_LENGTH = 200
MAX_TERMS = 12
# The floor: shorter keys and words are not selective enough to be worth a
# search (docs/search-limits.md). A folded name key needs two letters (and
# matches only names that start with it until it has three); a word of a
# write-up needs three. A Hangul syllable is two or three letters written
# as one character, so it counts as two.
MIN_NAME_LENGTH = 2
MIN_INSIDE_NAME_LENGTH = 3
MIN_WORD_LENGTH = 3
# Characters that become a space (controls, line separators) or vanish
# (format characters, surrogates, private use, unassigned, U+FFFD).
_AS_SPACE = {"Cc", "Zl", "Zp"}
_DROPPED = {"Cf", "Cs", "Co", "Cn"}
_REPLACEMENT_CHARACTER = "\ufffd"
_TERM = re.compile(r"[^\W_]+")


def clean_query(raw):
    """Return the query as it is searched and shown: printable, single-spaced, short."""
    if not raw:
        return ""
    # Bound the work first: nothing past a few times the limit can survive.
    text = str(raw)[: MAX_QUERY_LENGTH * 4]
    kept = []
    for char in text:
        category = unicodedata.category(char)
        if category in _AS_SPACE:
            kept.append(" ")
        elif category not in _DROPPED and char != _REPLACEMENT_CHARACTER:
            kept.append(char)
    return " ".join("".join(kept).split())[:MAX_QUERY_LENGTH].strip()


def search_terms(text):
    """The distinct words of the query, lower-cased, at most MAX_TERMS of them.

    Words are runs of letters and digits in any script, so the full-text
    syntax of either database never sees an operator or a quote from the reader.
    """
    terms = []
    for term in _TERM.findall(text.casefold()):
        if term not in terms:
            terms.append(term)
    return tuple(terms[:MAX_TERMS])


@dataclass(frozen=True)
class ReaderQuery:
    """One cleaned query with the two forms the search needs, each above its floor.

    ``key`` is the folded form matched against catalog names (see
    catalog.names), empty when it is shorter than MIN_NAME_LENGTH (it is
    then kept in ``short_key``); ``terms`` are the words matched against
    write-ups, those shorter than MIN_WORD_LENGTH set aside in ``short_terms``;
    ``numbers`` are the short terms that are numbers ("episode 2"), which narrow
    the write-ups the longer words find to those with the number in the title
    or standfirst.
    """

    text: str
    key: str = field(init=False)
    short_key: str = field(init=False)
    terms: tuple = field(init=False)
    short_terms: tuple = field(init=False)

    @property
    def numbers(self):
        return tuple(term for term in self.short_terms if term.isdigit()) if self.terms else ()

    def __post_init__(self):
        key = fold(self.text)
        long_enough = letters(key) >= MIN_NAME_LENGTH
        object.__setattr__(self, "key", key if long_enough else "")
        object.__setattr__(self, "short_key", "" if long_enough else key)
        words = search_terms(self.text)
        terms = tuple(term for term in words if letters(term) >= MIN_WORD_LENGTH)
        object.__setattr__(self, "terms", terms)
        object.__setattr__(self, "short_terms", tuple(t for t in words if t not in terms))

    @property
    def written_name_key(self):
        """The key matched against the names written in write-ups (catalog.names
        ``written_name_keys``): the folded query when it is long enough to be a name."""
        return self.key if letters(self.key) >= MIN_WRITTEN_KEY_LENGTH else ""

    def __bool__(self):
        """Whether anything is left to search."""
        return bool(self.key or self.terms)

    @property
    def floor_notes(self):
        """What was left out of the search and why, in plain words (none for an empty query)."""
        notes = []
        if self.short_key:
            notes.append(
                f"Names were not searched: “{self.text}” is too short to pick out a name. "
                f"Type at least {MIN_NAME_LENGTH} letters."
            )
        elif self.key and letters(self.key) < MIN_INSIDE_NAME_LENGTH:
            notes.append(
                "Only names that start with these letters were searched: "
                f"type at least {MIN_INSIDE_NAME_LENGTH} to find them inside names too."
            )
        skipped_terms = [term for term in self.short_terms if term not in self.numbers]
        if skipped_terms:
            skipped = ", ".join(f"“{term}”" for term in skipped_terms)
            if self.terms:
                notes.append(
                    f"Write-ups were searched without {skipped}: "
                    f"words need at least {MIN_WORD_LENGTH} letters."
                )
            else:
                notes.append(
                    f"Write-ups were not searched: words need at least {MIN_WORD_LENGTH} "
                    f"letters, and {skipped} {'is' if len(skipped_terms) == 1 else 'are'} "
                    "shorter."
                )
        return notes
