"""What a reader typed, made safe and small before it reaches a query.

The search box accepts anything: a pasted paragraph, binary junk, control
characters, bytes that were not UTF-8 (Django decodes those to U+FFFD). None
of it may turn into an error, on SQLite or on PostgreSQL, so the text is
cleaned once here and every search path starts from the result.
"""

import re
import unicodedata
from dataclasses import dataclass, field

from catalog.names import fold

MAX_QUERY_LENGTH = 200
MAX_TERMS = 12
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
    """One cleaned query with the two forms the search needs.

    ``key`` is the folded form matched against catalog names (see
    catalog.names); ``terms`` are the words matched against write-ups.
    """

    text: str
    key: str = field(init=False)
    terms: tuple = field(init=False)

    def __post_init__(self):
        object.__setattr__(self, "key", fold(self.text))
        object.__setattr__(self, "terms", search_terms(self.text))

    def __bool__(self):
        return bool(self.key or self.terms)
