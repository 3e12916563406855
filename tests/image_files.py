"""Image files for the upload tests, built in memory, and helpers to upload and inspect them.

The bombs are small files whose headers claim huge dimensions.
"""

import struct
import zlib
from io import BytesIO

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import ExifTags, Image, ImageCms
from PIL.PngImagePlugin import PngInfo

from catalog.models import Show
from tests.admin_helpers import admin_form_data

SHOW_ADD = reverse("admin:catalog_show_add")
PERSON_ADD = reverse("admin:catalog_person_add")


# Files ------------------------------------------------------------------------------------


def image_bytes(image_format, size=(640, 480), mode="RGB", color="teal", **options):
    buffer = BytesIO()
    Image.new(mode, size, color).save(buffer, image_format, **options)
    return buffer.getvalue()


def noisy_jpeg(size=(800, 600)):
    buffer = BytesIO()
    Image.effect_noise(size, 80).convert("RGB").save(buffer, "JPEG", quality=95)
    return buffer.getvalue()


def jpeg_with_gps_and_rotation():
    """A 300 x 200 JPEG whose EXIF says "rotate 90°" and where it was taken."""
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6
    exif[ExifTags.Base.Make] = "PhoneCam"
    exif[ExifTags.IFD.GPSInfo] = {
        ExifTags.GPS.GPSLatitudeRef: "N",
        ExifTags.GPS.GPSLatitude: (37.0, 33.0, 59.0),
    }
    data = image_bytes("JPEG", size=(300, 200), exif=exif.tobytes())
    assert Image.open(BytesIO(data)).getexif().get_ifd(ExifTags.IFD.GPSInfo)
    return data


def png_with_text_and_icc():
    info = PngInfo()
    info.add_text("Comment", "shot at 12 Secret Street")
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    return image_bytes("PNG", pnginfo=info, icc_profile=icc)


def _png_chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_bomb(width, height):
    """A valid PNG header claiming width x height, with a few bytes of image data."""
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", header)
        + _png_chunk(b"IDAT", zlib.compress(b"\0" * 4096))
        + _png_chunk(b"IEND", b"")
    )


def jpeg_bomb(width, height):
    """A real JPEG whose frame header is rewritten to claim width x height."""
    data = bytearray(image_bytes("JPEG", size=(16, 16)))
    frame = data.index(b"\xff\xc0")
    data[frame + 5 : frame + 9] = struct.pack(">HH", height, width)
    return bytes(data)


def gif_bomb(width, height):
    """A tiny logical screen whose first frame claims width x height (Pillow grows to it)."""
    return (
        b"GIF89a" + struct.pack("<HHBBB", 1, 1, 0, 0, 0)
        + b"," + struct.pack("<HHHHB", 0, 0, width, height, 0)
        + b"\x02\x02\x44\x01\x00;"
    )  # fmt: skip


def webp_bomb(width, height):
    chunk = b"VP8X" + struct.pack("<I", 10) + b"\0\0\0\0"
    chunk += (width - 1).to_bytes(3, "little") + (height - 1).to_bytes(3, "little")
    return b"RIFF" + struct.pack("<I", 4 + len(chunk)) + b"WEBP" + chunk


# Helpers ----------------------------------------------------------------------------------


def stored_files(media):
    if not media.exists():
        return []
    return sorted(str(path.relative_to(media)) for path in media.rglob("*") if path.is_file())


def with_webp(*names):
    """The stored names of JPEGs (a master, renditions) and of the WebP copy of each, sorted."""
    return sorted([*names, *(name.rsplit(".", 1)[0] + ".webp" for name in names)])


def upload_poster(client, name, data, **values):
    page = client.get(SHOW_ADD)
    form = admin_form_data(page, title="Poster test", slug="poster-test", kind="series", **values)
    form["poster"] = SimpleUploadedFile(name, data)
    return client.post(SHOW_ADD, form)


def assert_refused(response, media, message):
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors.get("poster", [])
    assert any(message in error for error in errors), errors
    assert message in response.content.decode()
    assert not Show.objects.exists()
    assert stored_files(media) == []


def stored_image(field_file):
    field_file.open("rb")
    data = field_file.read()
    field_file.close()
    return data, Image.open(BytesIO(data))
