"""Renditions: narrower copies of a stored image, for ``srcset``, each in JPEG and WebP.

They are named after the master (``posters/ab12.jpg`` -> ``posters/ab12-w200.jpg``
and ``posters/ab12-w200.webp``; the master's WebP copy is ``posters/ab12.webp``)
and made only for widths below the master's, so a page lists them from the
stored name and width columns without touching storage. Whether the WebP copies
exist is a column of its own (docs/images.md).
"""

import os
from io import BytesIO

from django.core.files.base import ContentFile
from PIL import Image

from .uploads import encode_jpeg, pixels_only

# Rendition widths, in pixels: poster cards show ~200 px (400 on dense
# screens), the show page ~320 (640); person photos ~120, 240 or 480.
POSTER_WIDTHS = (200, 320, 400, 640)
PHOTO_WIDTHS = (120, 240, 480)
# Lead images of write-ups: ~400 px on cards (800 dense), up to ~760 at the top of a page.
LEAD_WIDTHS = (400, 640, 800, 1200)
RENDITION_QUALITY = 82
# WebP at quality 80 is about 40-65 % of the JPEG renditions' bytes for photos;
# method 4 (of 0-6) adds ~0.35 s an upload, 6 would save 2-10 % more for 1.5-3 times
# the time. Measurements: docs/images.md.
WEBP_QUALITY = 80
WEBP_METHOD = 4


def rendition_name(name, width):
    """The stored name of the ``width``-pixel-wide copy of the image stored as ``name``."""
    root, extension = os.path.splitext(name)
    return f"{root}-w{width}{extension}"


def webp_name(name):
    """The stored name of the WebP copy of the JPEG stored as ``name`` (a master or rendition)."""
    return f"{os.path.splitext(name)[0]}.webp"


def rendition_height(master_width, master_height, width):
    """The height of a rendition ``width`` pixels wide, keeping the master's proportions."""
    return max(1, round(master_height * width / master_width))


def rendition_widths_for(widths, master_width):
    """The rendition widths that exist for a master: only the narrower ones."""
    return [width for width in widths if master_width and width < master_width]


def encode_webp(image):
    buffer = BytesIO()
    image.save(buffer, "WEBP", quality=WEBP_QUALITY, method=WEBP_METHOD)
    return buffer.getvalue()


def _encode_rendition(image):
    return encode_jpeg(image, RENDITION_QUALITY)


def copies_of(name, widths, master_width):
    """Every copy made of the master ``name``: (stored name, width or None, encoder)."""
    copies = [(webp_name(name), None, encode_webp)]
    for width in rendition_widths_for(widths, master_width):
        jpeg = rendition_name(name, width)
        copies += [(jpeg, width, _encode_rendition), (webp_name(jpeg), width, encode_webp)]
    return copies


def make_renditions(storage, name, widths, *, missing_only=False):
    """Store the copies of the stored JPEG master ``name``: its WebP, and a narrower JPEG
    and WebP for each width below its own. Return how many files were written.

    With ``missing_only``, copies the storage already has are left alone (and the
    master is not even decoded when none is missing).
    """
    written = 0
    with storage.open(name, "rb") as stored, Image.open(stored, formats=["JPEG"]) as master:
        copies = copies_of(name, widths, master.width)
        if missing_only:
            copies = [copy for copy in copies if not storage.exists(copy[0])]
        if not copies:
            return 0
        master.load()
        pixels = {None: pixels_only(master)}
        for target, width, encode in copies:
            if width not in pixels:
                height = rendition_height(master.width, master.height, width)
                resized = master.resize((width, height), Image.Resampling.LANCZOS, reducing_gap=3.0)
                pixels[width] = pixels_only(resized)
            storage.delete(target)  # a leftover would make the storage pick another name
            storage.save(target, ContentFile(encode(pixels[width])))
            written += 1
    return written


def delete_with_renditions(storage, name, widths):
    """Remove a stored master and every copy it may have."""
    for target, _, _ in copies_of(name, widths, master_width=float("inf")):
        storage.delete(target)
    storage.delete(name)


def stored_sizes(image, webp=False):
    """(url, width, height) of each stored copy of an image, narrowest first.

    Read from the stored name and the width and height columns, so listing
    them costs no file access. An image stored without its dimensions (loaded
    from elsewhere) has only its master, of unknown size. The master is listed
    only when no rendition is as wide as the widest one configured: pages never
    need the full 2000-pixel master.

    With ``webp``, the WebP copies of the same sizes, or nothing when the
    image's WebP column says they were not made (an image stored before them).
    """
    field = image.field
    width = getattr(image.instance, field.width_field, None) if field.width_field else None
    height = getattr(image.instance, field.height_field, None) if field.height_field else None
    if webp and not (width and height and has_webp(image)):
        return []
    if not width or not height:
        return [(image.url, None, None)]
    configured = getattr(field, "rendition_widths", ())
    names = [(rendition_name(image.name, w), w) for w in rendition_widths_for(configured, width)]
    if not configured or width <= configured[-1]:
        names.append((image.name, width))
    if webp:
        names = [(webp_name(name), w) for name, w in names]
    return [(image.storage.url(name), w, rendition_height(width, height, w)) for name, w in names]


def has_webp(image):
    """Whether the WebP copies of a stored image were made (its field's ``webp_field`` column)."""
    webp_field = getattr(image.field, "webp_field", None)
    return bool(webp_field and getattr(image.instance, webp_field, False))
