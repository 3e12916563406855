"""Template tags for stored images (posters, photos, lead images) and the covers set in type."""

import unicodedata
from typing import NamedTuple

from django import template

from ..images import stored_sizes

register = template.Library()


class PictureKind(NamedTuple):
    """How an image is shown: its usual width in CSS pixels and the ``sizes`` hint."""

    width: int
    sizes: str


# The browser picks from every stored rendition using ``sizes`` (the widths the
# CSS gives each use, breakpoints included); ``width`` chooses the fallback
# ``src`` for browsers without srcset.
PICTURE_KINDS = {
    # The show page's poster and a person's photo: 7.5rem beside the facts on a
    # phone, the 17rem aside from 52rem up (catalog.css, .detail__aside).
    "poster": PictureKind(320, "(min-width: 52rem) 272px, 120px"),
    "photo": PictureKind(240, "(min-width: 52rem) 272px, 120px"),
    # Show and person cards: a 3.5rem row image on a phone, a grid column above.
    "card": PictureKind(200, "(max-width: 30rem) 56px, 220px"),
    # Beside a name: cast lists, search results, filmographies.
    "thumb": PictureKind(120, "56px"),
    "lead": PictureKind(800, "(min-width: 60rem) 760px, 100vw"),
    # A write-up card's image, and the home page's lead story.
    "cover": PictureKind(400, "(min-width: 40em) 340px, 100vw"),
    "feature": PictureKind(640, "(min-width: 72rem) 660px, (min-width: 48rem) 57vw, 100vw"),
}


@register.inclusion_tag("includes/image.html")
def picture(image, kind, alt, css_class="", loading="lazy"):
    """A <picture> of a stored image (a WebP <source>, a JPEG <img>), or nothing without one.

    ``kind`` names the use (one of PICTURE_KINDS: "poster" on the show page,
    "lead" for a write-up's lead image at the top of its page,
    "card" for a poster in a card, "photo" for a person's photo, "thumb" for
    a small photo next to a name, "cover" for an image in a write-up's card,
    "feature" for the home page's lead story)
    so that the right sizes hint is given. ``loading`` is "eager" for an
    image at the top of a page (fetched first, with high priority), else "lazy".
    The WebP copies are offered only when they were made (docs/images.md).
    """
    try:
        shown = PICTURE_KINDS[kind]
    except KeyError:
        raise template.TemplateSyntaxError(
            f"picture: unknown kind {kind!r}; use one of {', '.join(PICTURE_KINDS)}."
        ) from None
    if not image:
        return {"image": None}
    sizes = stored_sizes(image)
    src, width, height = next(
        (size for size in sizes if size[1] and size[1] >= shown.width), sizes[-1]
    )
    return {
        "image": image,
        "src": src,
        "width": width,
        "height": height,
        "srcset": srcset(sizes),
        "webp_srcset": srcset(stored_sizes(image, webp=True)),
        "sizes": shown.sizes,
        "alt": alt,
        "css_class": css_class,
        "loading": "eager" if loading == "eager" else "lazy",
    }


def srcset(sizes):
    return ", ".join(f"{url} {w}w" for url, w, _ in sizes if w)


# Covers set in type (templates/includes/cover.html) scale with their box
# (CSS container units, "cqi": 1 is a hundredth of the cover's width), so a
# title that fits one cover fits every size of it. The size is picked here by
# setting the title in lines the way a browser does, so that no word is ever
# cut or broken; docs/design.md, "Covers", has the reasoning.
class CoverShape(NamedTuple):
    sizes: tuple  # the sizes (cqi) a title may take, largest first
    height: float  # the height (cqi) the title may fill


COVER_TEXT_WIDTH = 84  # cqi: the cover less its padding
COVER_SHAPES = {
    "tall": CoverShape((16, 14, 12, 10, 8.5, 7, 6, 5, 4), 96),  # a poster, 2:3
    "photo": CoverShape((16, 14, 12, 10, 8.5, 7, 6, 5, 4), 70),  # a person, 4:5
    "wide": CoverShape((9, 8, 7, 6, 5, 4), 30),  # a write-up card, 16:9
}
NATIVE_SCALE = 0.62  # the Hangul title's size beside the title's (cover.css)
LINE_HEIGHT = 1.15
# Average advance of a character in the covers' bold serif, in em.
WIDE_CHARACTER, CAPITAL, OTHER, SPACE = 1.0, 0.74, 0.6, 0.28


def _word_width(word):
    """The width of ``word`` in em, roughly: Hangul and other wide characters are a full em."""
    width = 0.0
    for character in word:
        if unicodedata.east_asian_width(character) in "WF":
            width += WIDE_CHARACTER
        elif character.isupper():
            width += CAPITAL
        else:
            width += OTHER
    return width


def _lines(widths, line_width):
    """How many lines words of these widths take, broken between words only."""
    lines, used = 1, 0.0
    for width in widths:
        if used and used + SPACE + width > line_width:
            lines, used = lines + 1, width
        else:
            used += (SPACE if used else 0) + width
    return lines


def cover_size(text, shape="tall", scale=1.0):
    """The class suffix of the largest size at which ``text`` fits its cover, no word broken."""
    shape = COVER_SHAPES[shape]
    widths = [_word_width(word) for word in str(text).split()]
    if not widths:
        return str(shape.sizes[0])
    for size in shape.sizes:
        em = size * scale
        fits_across = max(widths) * em <= COVER_TEXT_WIDTH
        if fits_across and _lines(widths, COVER_TEXT_WIDTH / em) * em * LINE_HEIGHT <= shape.height:
            return str(size).replace(".", "_")
    return "min"  # even the smallest size is too large: the text may wrap anywhere (cover.css)


@register.inclusion_tag("includes/cover.html")
def cover(title, native_title="", year=None, label="", shape="tall", tone=""):
    """A cover set in type for a row without an image: title, Hangul title, year.

    ``shape`` is one of COVER_SHAPES; ``tone`` picks a palette (review,
    recap, feature, person; the show's by default).
    """
    return {
        # Word by word, each kept whole (site.css): a browser breaks "Hyung-sik" at its hyphen.
        "title_words": str(title).split(),
        "native_words": str(native_title).split(),
        "year": year,
        "label": label,
        "shape": shape,
        "tone": tone,
        "title_size": cover_size(title, shape),
        "native_size": cover_size(native_title, shape, NATIVE_SCALE) if native_title else "",
    }
