"""Renditions: narrower copies of a stored image, for ``srcset``.

They are named after the master (``posters/ab12.jpg`` -> ``posters/ab12-w200.jpg``)
and made only for widths below the master's, so a page lists them from the
stored name and width columns without touching storage.
"""

import os

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


def rendition_name(name, width):
    """The stored name of the ``width``-pixel-wide copy of the image stored as ``name``."""
    root, extension = os.path.splitext(name)
    return f"{root}-w{width}{extension}"


def rendition_height(master_width, master_height, width):
    """The height of a rendition ``width`` pixels wide, keeping the master's proportions."""
    return max(1, round(master_height * width / master_width))


def rendition_widths_for(widths, master_width):
    """The rendition widths that exist for a master: only the narrower ones."""
    return [width for width in widths if master_width and width < master_width]


def make_renditions(storage, name, widths):
    """Store a narrower JPEG of the stored master ``name`` for each width below its own."""
    with storage.open(name, "rb") as stored, Image.open(stored, formats=["JPEG"]) as master:
        master.load()
        for width in rendition_widths_for(widths, master.width):
            height = rendition_height(master.width, master.height, width)
            resized = master.resize((width, height), Image.Resampling.LANCZOS, reducing_gap=3.0)
            target = rendition_name(name, width)
            storage.delete(target)
            storage.save(target, ContentFile(encode_jpeg(pixels_only(resized), RENDITION_QUALITY)))


def delete_with_renditions(storage, name, widths):
    """Remove a stored master and every rendition it may have."""
    for width in widths:
        storage.delete(rendition_name(name, width))
    storage.delete(name)


def stored_sizes(image):
    """(url, width, height) of each stored copy of an image, narrowest first.

    Read from the stored name and the width and height columns, so listing
    them costs no file access. An image stored without its dimensions (loaded
    from elsewhere) has only its master, of unknown size. The master is listed
    only when no rendition is as wide as the widest one configured: pages never
    need the full 2000-pixel master.
    """
    field = image.field
    width = getattr(image.instance, field.width_field, None) if field.width_field else None
    height = getattr(image.instance, field.height_field, None) if field.height_field else None
    if not width or not height:
        return [(image.url, None, None)]
    configured = getattr(field, "rendition_widths", ())
    sizes = [
        (image.storage.url(rendition_name(image.name, w)), w, rendition_height(width, height, w))
        for w in rendition_widths_for(configured, width)
    ]
    if not configured or width <= configured[-1]:
        sizes.append((image.url, width, height))
    return sizes
