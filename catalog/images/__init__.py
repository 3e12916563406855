"""Images editors upload (show posters, person photos, lead images): checked, re-encoded, resized.

- ``headers``: the real format and the dimensions, from the first bytes alone.
- ``uploads``: ``prepare_upload`` refuses anything unsafe and re-encodes the
  rest into a fresh, metadata-free JPEG; ``UploadedImageField`` is its form field.
- ``renditions``: the narrower copies pages offer in ``srcset``, and the WebP
  copy of each (docs/images.md).

``catalog.models.fields.ImageWithRenditionsField`` ties them to the models.
"""

from .renditions import (
    LEAD_WIDTHS,
    PHOTO_WIDTHS,
    POSTER_WIDTHS,
    delete_with_renditions,
    make_renditions,
    rendition_name,
    stored_sizes,
    webp_name,
)
from .uploads import ImageNotStored, PreparedImage, UploadedImageField, prepare_upload

__all__ = [
    "LEAD_WIDTHS",
    "PHOTO_WIDTHS",
    "POSTER_WIDTHS",
    "ImageNotStored",
    "PreparedImage",
    "UploadedImageField",
    "delete_with_renditions",
    "make_renditions",
    "prepare_upload",
    "rendition_name",
    "stored_sizes",
    "webp_name",
]
