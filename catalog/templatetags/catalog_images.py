"""Template tags for stored images (show posters, person photos, lead images)."""

from typing import NamedTuple

from django import template

from ..images import stored_sizes

register = template.Library()


class PictureKind(NamedTuple):
    """How an image is shown: its usual width in CSS pixels and the ``sizes`` hint."""

    width: int
    sizes: str


# The browser picks from every stored rendition using ``sizes``; ``width``
# chooses the fallback ``src`` for browsers without srcset.
PICTURE_KINDS = {
    "poster": PictureKind(320, "(min-width: 48em) 320px, 100vw"),
    "lead": PictureKind(760, "(min-width: 48em) 760px, 100vw"),
    "card": PictureKind(200, "(min-width: 40em) 200px, 50vw"),
    "photo": PictureKind(240, "(min-width: 40em) 240px, 50vw"),
    "thumb": PictureKind(120, "120px"),
}


@register.inclusion_tag("includes/image.html")
def picture(image, kind, alt, css_class=""):
    """An <img> with srcset and sizes for a stored image, or nothing when there is none.

    ``kind`` names the use (one of PICTURE_KINDS: "poster" on the show page,
    "lead" for a write-up's lead image at the top of its page,
    "card" for a poster in a card, "photo" for a person's photo, "thumb" for
    a small photo next to a name) so that the right sizes hint is given.
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
        "srcset": ", ".join(f"{url} {w}w" for url, w, _ in sizes if w),
        "sizes": shown.sizes,
        "alt": alt,
        "css_class": css_class,
    }
