"""Uploaded images: checked before anything is stored, then re-encoded.

An editor's upload is hostile input until proven otherwise. ``prepare_upload``
takes it through these steps, and refuses it with a ``ValidationError`` (a
form error, never a server error) at the first that fails:

1. The byte size is at most ``settings.IMAGE_UPLOAD_MAX_BYTES``.
2. The name ends in an extension we accept (SVG is not a raster format; it
   can carry script, so it is refused outright).
3. The first bytes say which format the file really is (PNG, JPEG, GIF or
   WebP), and that format matches the extension.
4. The dimensions, read from the header by ``read_dimensions`` before any
   decoding, come to at most ``settings.IMAGE_UPLOAD_MAX_PIXELS``. This is our
   own check: Pillow's DecompressionBombWarning only fires at 89 megapixels
   and is a warning, so it must never be what stops a bomb.
5. Pillow decodes the whole image (a truncated file fails here).
6. The image is re-encoded: EXIF orientation applied, colours brought to sRGB,
   mode converted, the long side capped at ``MASTER_MAX_SIDE``, and saved as a
   fresh JPEG built from the pixels alone, so no EXIF, GPS, ICC, comments,
   text chunks or trailing bytes survive. It gets a new random name.
"""

import logging
import os
import uuid
from io import BytesIO

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from PIL import Image, ImageCms, ImageOps

from .headers import read_dimensions, sniff_format

logger = logging.getLogger(__name__)

# Pillow format name -> the extensions a file of that format may carry.
ACCEPTED_EXTENSIONS = {
    "JPEG": (".jpg", ".jpeg"),
    "PNG": (".png",),
    "GIF": (".gif",),
    "WEBP": (".webp",),
}
FORMAT_LABELS = {"JPEG": "JPEG", "PNG": "PNG", "GIF": "GIF", "WEBP": "WebP"}
ACCEPTED_LIST = "JPEG, PNG, GIF or WebP"
# What the file picker offers; the checks below decide what is accepted.
ACCEPTED_MEDIA_TYPES = ("image/jpeg", "image/png", "image/gif", "image/webp")
VECTOR_EXTENSIONS = (".svg", ".svgz")

MASTER_MAX_SIDE = 2000
MASTER_QUALITY = 85
STORED_EXTENSION = ".jpg"


class ImageNotStored(Exception):
    """A checked image that the storage refused (an unwritable or full media folder).

    Raised by ``ImageWithRenditionsField`` from the ``OSError`` behind it; the
    admin turns it into an error on the image field (catalog.admin.base).
    """

    def __init__(self, field_name, reason):
        self.field_name = field_name
        self.reason = reason
        super().__init__(f"The image for {field_name} could not be stored: {reason}")

    @property
    def message(self):
        return (
            f"The image could not be stored: {self.reason}. Try again, or tell an "
            "administrator. Your other changes are still in the form; choose the file again."
        )


class PreparedImage(ContentFile):
    """A validated, re-encoded JPEG, ready to be stored under its fresh name."""

    def __init__(self, content, width, height):
        super().__init__(content, name=f"{uuid.uuid4().hex}{STORED_EXTENSION}")
        self.width = width
        self.height = height


def _looks_like_markup(data):
    return data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] == b"<"


def _pixel_limit():
    # Never above Pillow's own warning threshold, so that nothing we let through
    # can make Pillow warn: our check is the one that decides.
    limit = settings.IMAGE_UPLOAD_MAX_PIXELS
    if Image.MAX_IMAGE_PIXELS:
        limit = min(limit, Image.MAX_IMAGE_PIXELS)
    return limit


def _check_pixels(width, height):
    limit = _pixel_limit()
    if width * height > limit:
        raise ValidationError(
            "This image is %(width)s by %(height)s pixels (%(megapixels)s megapixels); "
            "the limit is %(limit)s megapixels. Upload a smaller image.",
            code="too_many_pixels",
            params={
                "width": f"{width:,}",
                "height": f"{height:,}",
                "megapixels": round(width * height / 1_000_000),
                "limit": round(limit / 1_000_000),
            },
        )


def check_upload(name, data, size):
    """Refuse what must not be decoded; return the file's real format."""
    if size > settings.IMAGE_UPLOAD_MAX_BYTES:
        raise ValidationError(
            "This file is %(size)s; images may be at most %(limit)s.",
            code="too_large",
            params={
                "size": filesizeformat(size),
                "limit": filesizeformat(settings.IMAGE_UPLOAD_MAX_BYTES),
            },
        )
    extension = os.path.splitext(name)[1].lower()
    if extension in VECTOR_EXTENSIONS or _looks_like_markup(data):
        raise ValidationError(
            f"SVG and other vector or text files are not accepted: upload a {ACCEPTED_LIST} image.",
            code="vector",
        )
    expected = next(
        (fmt for fmt, extensions in ACCEPTED_EXTENSIONS.items() if extension in extensions), None
    )
    if expected is None:
        raise ValidationError(
            f"Upload a {ACCEPTED_LIST} image; “%(extension)s” files are not accepted.",
            code="extension",
            params={"extension": extension or "no extension"},
        )
    actual = sniff_format(data)
    if actual is None:
        raise ValidationError(f"This file is not a {ACCEPTED_LIST} image.", code="not_an_image")
    if actual != expected:
        raise ValidationError(
            "This file is a %(actual)s image, but its name ends in %(extension)s. "
            "Rename it to %(suggested)s or upload a %(expected)s.",
            code="extension_mismatch",
            params={
                "actual": FORMAT_LABELS[actual],
                "expected": FORMAT_LABELS[expected],
                "extension": extension,
                "suggested": ACCEPTED_EXTENSIONS[actual][0],
            },
        )
    dimensions = read_dimensions(actual, data)
    if not dimensions or not all(dimensions):
        raise ValidationError(
            "The image header is damaged: its size cannot be read.", code="damaged"
        )
    _check_pixels(*dimensions)
    return actual


def _to_srgb(image, icc_profile):
    """Convert colours described by an embedded ICC profile to sRGB.

    The profile itself is not kept, so without this step a wide-gamut photo
    would look washed out. A profile that cannot be read is ignored.
    """
    if not icc_profile or image.mode not in ("RGB", "RGBA", "CMYK"):
        return image
    try:
        source = ImageCms.ImageCmsProfile(BytesIO(icc_profile))
        output_mode = "RGBA" if image.mode == "RGBA" else "RGB"
        converted = ImageCms.profileToProfile(
            image, source, ImageCms.createProfile("sRGB"), outputMode=output_mode
        )
    except (ImageCms.PyCMSError, OSError, ValueError):
        return image
    return converted if converted is not None else image


def _to_jpeg_mode(image):
    """RGB or L pixels, with transparency flattened onto white."""
    if image.mode.startswith("I"):  # 16-bit greyscale PNG: scale, do not clip
        return image.convert("I").point(lambda value: value * (1 / 256)).convert("L")
    if "transparency" in image.info:  # a palette or colour-key transparency
        image = image.convert("RGBA")
    if image.mode in ("RGBA", "LA", "PA", "RGBa", "La"):
        rgba = image.convert("RGBA")
        background = Image.new("RGB", rgba.size, "white")
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    if image.mode not in ("RGB", "L"):
        return image.convert("RGB")
    return image


def pixels_only(image):
    """A new image holding the pixels and nothing else (``info`` starts empty)."""
    clean = Image.new(image.mode, image.size)
    clean.paste(image)
    return clean


def encode_jpeg(image, quality):
    buffer = BytesIO()
    image.save(buffer, "JPEG", quality=quality, optimize=True, progressive=True)
    return buffer.getvalue()


def reencode(data, image_format):
    """Decode the checked bytes and return (jpeg_bytes, width, height) of the master."""
    with Image.open(BytesIO(data), formats=[image_format]) as source:
        _check_pixels(*source.size)
        icc_profile = source.info.get("icc_profile")
        if image_format == "JPEG":
            # Let libjpeg decode at a reduced scale when the photo is far larger.
            source.draft(None, (MASTER_MAX_SIDE, MASTER_MAX_SIDE))
        source.load()
        image = ImageOps.exif_transpose(source)
    image = _to_jpeg_mode(_to_srgb(image, icc_profile))
    image.thumbnail((MASTER_MAX_SIDE, MASTER_MAX_SIDE), Image.Resampling.LANCZOS)
    image = pixels_only(image)
    return encode_jpeg(image, MASTER_QUALITY), image.width, image.height


def prepare_upload(upload):
    """Validate an uploaded file and return it re-encoded as a ``PreparedImage``."""
    name = os.path.basename(upload.name or "")
    upload.seek(0)
    data = upload.read(settings.IMAGE_UPLOAD_MAX_BYTES + 1)
    image_format = check_upload(name, data, max(upload.size or 0, len(data)))
    try:
        content, width, height = reencode(data, image_format)
    except ValidationError:
        raise
    except Image.DecompressionBombError as exc:
        # Only reachable if a frame grows past the header's size; still ours to refuse.
        raise ValidationError(
            "This image has too many pixels. Upload a smaller image.", code="too_many_pixels"
        ) from exc
    except Exception as exc:
        # Pillow is parsing hostile bytes: whatever it raises (OSError for a
        # truncated file, SyntaxError, ValueError, struct.error, ...) means the
        # file cannot be used, which is the editor's answer, not a server error.
        logger.info("Refused an unreadable %s upload %r: %s", image_format, name, exc)
        raise ValidationError(
            "This image is damaged or incomplete and cannot be read. "
            "Export it again and upload the new file.",
            code="damaged",
        ) from exc
    return PreparedImage(content, width, height)


class UploadedImageField(forms.FileField):
    """A form field whose cleaned value is the validated, re-encoded image.

    It replaces ``forms.ImageField``, which hands the raw upload to Pillow (and
    so to Pillow's bomb warning) before any check of ours.
    """

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        if isinstance(widget, forms.FileInput) and "accept" not in widget.attrs:
            attrs["accept"] = ",".join(ACCEPTED_MEDIA_TYPES)
        return attrs

    def to_python(self, data):
        upload = super().to_python(data)
        if upload is None or isinstance(upload, PreparedImage):
            return upload
        return prepare_upload(upload)
