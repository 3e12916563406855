"""Name folding: one key for every way a Korean name or title is spelled.

Readers type "Hyungsik", "Hyung-sik" or "Hyeong Sik"; articles write
"Seon-woo", "Seon Woo" and "Sun-woo". ``fold()`` turns each spelling into the
same search key, and the catalog stores the folded form of every name, every
alternative spelling, every character name and every title, so a search for
the folded query is a plain substring match that works on any database.

The rules, applied in this order:

1. Unicode is normalised (NFKC), case is folded, and accents are dropped
   (McCune-Reischauer "ŏ" and "ŭ" first become "eo" and "eu"). Hangul is kept
   as it is, so Hangul input finds native titles and names.
2. Everything that is not a letter or a digit goes: spaces, hyphens,
   apostrophes, "#", dots. "Soundtrack No. 1" and "Soundtrack #1" both become
   "soundtrack1" ("No" before a number is dropped).
3. Vowel spellings of the same Korean sound are merged:
   "eo" -> "u"  (Seon/Sun, Heon/Hun, Hyeon/Hyun, Jeong/Jung)
   "oo" -> "u"  (Joo/Ju, Woo/Wu, Soo/Su)
   "ou" -> "u"  (You/Yu)
   "ee" -> "i"  (Hee/Hi, Lee/Li)
   "ui" -> "i"  (Hui/Hi)
4. Consonants that romanization systems write either way are merged:
   "sh" -> "s" (Shin/Sin, Hyung-shik/Hyung-sik), then
   "k" -> "g", "p" -> "b", "t" -> "d" (Kyung/Gyeong, Keum/Geum).
5. A letter written twice in a row counts once (Jinn/Jin).

The folding is deliberately forgiving: it may merge two names that differ in
Korean, but it never misses a spelling variant covered above. Ranking puts
exact folded matches first.

``slugify_name()`` makes the address part (slug) of any name: Hangul is
romanized (``romanize()``), other scripts lose their accents, and a name
with nothing left (emoji, punctuation) gets a stable ``<kind>-<hash>``.
"""

import hashlib
import re
import unicodedata

from django.utils.text import slugify

_MR_VOWELS = str.maketrans({"ŏ": "eo", "ŭ": "eu", "Ŏ": "eo", "Ŭ": "eu"})
_TOKEN = re.compile(r"[^\W_]+")
_NO_NUMBER = re.compile(r"^no(\d+)$")
_VOWELS = re.compile(r"eo|oo|ou|ee|ui")
_VOWEL_MAP = {"eo": "u", "oo": "u", "ou": "u", "ee": "i", "ui": "i"}
_CONSONANTS = str.maketrans({"k": "g", "p": "b", "t": "d"})
_DOUBLES = re.compile(r"([a-z])\1+")

# Separates names inside a stored search key, so that exact and prefix matches
# on a single name can be told apart from matches inside a longer one.
SEPARATOR = "|"


def _strip_accents(text):
    decomposed = unicodedata.normalize("NFKD", text)
    kept = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return unicodedata.normalize("NFC", kept)


def _tokens(text):
    text = unicodedata.normalize("NFKC", text).casefold().translate(_MR_VOWELS)
    tokens = _TOKEN.findall(_strip_accents(text))
    kept = []
    for index, token in enumerate(tokens):
        number = _NO_NUMBER.match(token)
        if number:
            token = number.group(1)
        elif token == "no" and index + 1 < len(tokens) and tokens[index + 1].isdigit():
            continue
        kept.append(token)
    return kept


def fold(text):
    """Return the search key of one name or title (an empty string for none)."""
    if not text:
        return ""
    joined = "".join(_tokens(str(text)))
    joined = _VOWELS.sub(lambda match: _VOWEL_MAP[match.group(0)], joined)
    joined = joined.replace("sh", "s").translate(_CONSONANTS)
    return _DOUBLES.sub(r"\1", joined)


# A word as names are written in running text: "Hyung-sik", "O'Neil", "박형식".
_WRITTEN_WORD = re.compile(r"[^\W_]+(?:['\u2019-][^\W_]+)*")
_POSSESSIVE = re.compile(r"['\u2019]s$")
MAX_NAME_WORDS = 3
# Shorter folded keys ("Lee" -> "li", "The" -> "de") are common words or syllables.
MIN_WRITTEN_KEY_LENGTH = 4


def letters(text):
    """A Hangul syllable is two or three letters written as one character: it counts two."""
    return sum(2 if "\uac00" <= char <= "\ud7a3" else 1 for char in text)


def _name_like(word):
    first = word[0]
    return first.isupper() or "\uac00" <= first <= "\ud7a3"


def written_name_keys(text):
    """The folded keys of whatever could be a name in a running text, in order, once each.

    A name in an article is a run of capitalised (or Hangul) words with only
    spaces between them. Every run of one to MAX_NAME_WORDS adjacent such
    words is folded: "Park Hyung-sik's" gives the keys of "Park", "Hyung-sik"
    and "Park Hyung-sik", so a reader's "hyungsik" finds the article.
    """
    keys = {}
    seen = set()  # a name is written many times: fold it once
    run = []
    end = 0
    for match in _WRITTEN_WORD.finditer(text or ""):
        word = _POSSESSIVE.sub("", match.group(0))
        if not _name_like(word) or text[end : match.start()].strip():
            run = []
        end = match.end()
        if not _name_like(word):
            continue
        run = [*run[-(MAX_NAME_WORDS - 1) :], word]
        for start in range(len(run)):
            name = " ".join(run[start:])
            if name not in seen:
                seen.add(name)
                key = fold(name)
                if letters(key) >= MIN_WRITTEN_KEY_LENGTH:
                    keys[key] = None
    return list(keys)


def search_key(*names):
    """Fold every name and join them into one stored key: ``|name1|name2|``.

    Empty names and repeats are left out. An exact match on one name is then a
    search for ``|query|`` and a prefix match a search for ``|query``.
    """
    folded = []
    for name in names:
        key = fold(name)
        if key and key not in folded:
            folded.append(key)
    if not folded:
        return ""
    return SEPARATOR + SEPARATOR.join(folded) + SEPARATOR


def distinct_spellings(name, others, text=str):
    """The rows of ``others`` whose ``text`` differs from ``name`` and from each earlier one
    by more than case: "Park Hyung-Sik" beside "Park Hyung-sik" is not another spelling."""
    seen = {name.casefold()}
    kept = []
    for other in others:
        key = text(other).strip().casefold()
        if key and key not in seen:
            seen.add(key)
            kept.append(other)
    return kept


def other_spelling(name, spellings):
    """The one spelling of ``name`` worth showing beside it, or "" when none is.

    Spellings that fold to the name (Han Seon Woo, Han Sun-woo for Han
    Seon-woo) or to a part of it (Seon-woo, Sun-woo) are the same name to a
    reader; they stay searchable (``search_key``) but are not shown.
    """
    folded = fold(name)
    for spelling in spellings:
        key = fold(spelling)
        if key and key not in folded:
            return spelling
    return ""


# Revised Romanization of Korean, from the jamo a syllable is made of.
_HANGUL_FIRST, _HANGUL_LAST = 0xAC00, 0xD7A3
_RR_INITIALS = ("g", "kk", "n", "d", "tt", "r", "m", "b", "pp", "s", "ss", "", "j", "jj")
_RR_INITIALS += ("ch", "k", "t", "p", "h")
_RR_VOWELS = ("a", "ae", "ya", "yae", "eo", "e", "yeo", "ye", "o", "wa", "wae", "oe", "yo")
_RR_VOWELS += ("u", "wo", "we", "wi", "yu", "eu", "ui", "i")
# Final consonants as they sound at the end of a syllable (ㄳ -> k, ㅅ -> t, ...).
_RR_FINALS = ("", "k", "k", "k", "n", "n", "n", "t", "l", "k", "m", "l", "l", "l", "p", "l")
_RR_FINALS += ("m", "p", "p", "t", "t", "ng", "t", "t", "k", "t", "p", "t")
_RIEUL_INITIAL, _RIEUL_FINAL = 5, 8


def romanize(text):
    """Hangul syllables in Revised Romanization; everything else as it was.

    One syllable at a time (사운드트랙 -> saundeuteuraek, 박형식 -> bakhyeongsik),
    with ㄹㄹ written "ll" (빨리 -> ppalli). The sound changes across
    syllables that full Revised Romanization writes are left out: a slug
    only needs to be readable and stable. Decomposed Hangul (as macOS
    pastes it) is composed first.
    """
    out = []
    previous_final = None
    for char in unicodedata.normalize("NFC", text):
        code = ord(char)
        if not _HANGUL_FIRST <= code <= _HANGUL_LAST:
            out.append(char)
            previous_final = None
            continue
        initial, rest = divmod(code - _HANGUL_FIRST, 21 * 28)
        vowel, final = divmod(rest, 28)
        onset = _RR_INITIALS[initial]
        if initial == _RIEUL_INITIAL and previous_final == _RIEUL_FINAL:
            onset = "l"
        out.append(onset + _RR_VOWELS[vowel] + _RR_FINALS[final])
        previous_final = final
    return "".join(out)


def slugify_name(name, kind, max_length=50, allow_unicode=False):
    """A non-empty ASCII slug (``[a-z0-9_-]``) for any name, at most ``max_length`` long.

    Hangul is romanized, accents and other scripts are folded to ASCII where
    Unicode knows how (NFKD); a name with nothing left gets ``<kind>-<hash>``,
    the same for the same name every time. With ``allow_unicode`` (tags,
    whose address takes any text) letters of every script are kept as they
    are (로맨스 stays 로맨스) and only a name without any falls back.
    """
    if allow_unicode:
        slug = slugify(str(name), allow_unicode=True)[:max_length].strip("-_")
        if slug:
            return slug
    slug = slugify(romanize(str(name)))[:max_length].strip("-_")
    if slug:
        return slug
    digest = hashlib.sha256(str(name).encode("utf-8", "surrogatepass")).hexdigest()[:8]
    return f"{kind}-{digest}"[:max_length]
