"""Hostile uploads through the Person photo field, and a file over the real size limit.

tests/test_image_uploads.py proves every case on the Show poster field; the
photo field shares the checks, and these tests keep it that way: each hostile
file is refused with a form error (or re-encoded clean), no person is saved,
nothing lands in MEDIA_ROOT, and no request ends in a server error. The size
limit is also tried at its production value rather than a lowered one.
"""

from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import ExifTags, Image

from catalog.models import Person, Show
from tests.admin_helpers import admin_form_data, error_messages
from tests.image_files import (
    PERSON_ADD,
    SHOW_ADD,
    image_bytes,
    jpeg_bomb,
    jpeg_with_gps_and_rotation,
    noisy_jpeg,
    png_bomb,
)

SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(1)</script></svg>'


@pytest.fixture
def media(settings):
    return settings.MEDIA_ROOT


def stored_files(media):
    return sorted(path for path in media.rglob("*") if path.is_file()) if media.exists() else []


def upload_photo(client, name, data):
    form = admin_form_data(client.get(PERSON_ADD), name="Kim Go-eun", slug="kim-go-eun")
    form["photo"] = SimpleUploadedFile(name, data)
    return client.post(PERSON_ADD, form)


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("bomb.png", png_bomb(12_000, 10_000), "(120 megapixels); the limit is 40 megapixels"),
        ("bomb.jpg", jpeg_bomb(16_000, 15_000), "(240 megapixels); the limit is 40 megapixels"),
        ("face.jpg", image_bytes("PNG"), "This file is a PNG image, but its name ends in .jpg."),
        ("face.svg", SVG, "SVG and other vector or text files are not accepted"),
        ("face.jpg", SVG, "SVG and other vector or text files are not accepted"),
        ("cut.jpg", noisy_jpeg()[:20_000], "This image is damaged or incomplete"),
    ],
    ids=["bomb-120mp", "bomb-240mp", "png-named-jpg", "svg", "svg-named-jpg", "truncated-jpeg"],
)
def test_hostile_photo_is_refused_with_a_form_error_and_nothing_stored(
    admin_client, media, name, data, message
):
    response = upload_photo(admin_client, name, data)

    assert response.status_code == 200
    assert any(message in error for error in error_messages(response)), error_messages(response)
    assert not Person.objects.exists()
    assert stored_files(media) == []


def test_photo_over_the_production_size_limit_is_refused(admin_client, media, settings):
    """A real JPEG padded past IMAGE_UPLOAD_MAX_BYTES at its default of 10 MB."""
    assert settings.IMAGE_UPLOAD_MAX_BYTES == 10 * 1024 * 1024
    data = image_bytes("JPEG") + b"\0" * settings.IMAGE_UPLOAD_MAX_BYTES

    response = upload_photo(admin_client, "huge.jpg", data)

    assert response.status_code == 200
    assert any("images may be at most 10" in error for error in error_messages(response))
    assert not Person.objects.exists()
    assert stored_files(media) == []


def test_gif_photo_with_an_appended_script_is_stored_as_a_clean_jpeg(admin_client, media):
    data = image_bytes("GIF", mode="P", color=5) + b"<script>alert(document.cookie)</script>"

    response = upload_photo(admin_client, "funny.gif", data)

    assert response.status_code == 302, error_messages(response)
    files = stored_files(media)
    formats = {".jpg": "JPEG", ".webp": "WEBP"}  # the renditions and the WebP copy of each
    assert files and all(Image.open(path).format == formats[path.suffix] for path in files)
    assert all(b"<script" not in path.read_bytes() for path in files)


def test_photo_with_gps_exif_is_stored_without_any_location(admin_client, media):
    response = upload_photo(admin_client, "holiday.jpg", jpeg_with_gps_and_rotation())

    assert response.status_code == 302, error_messages(response)
    for path in stored_files(media):  # the master and every rendition, JPEG and WebP
        data = path.read_bytes()
        image = Image.open(BytesIO(data))
        assert not image.getexif().get_ifd(ExifTags.IFD.GPSInfo), path.name
        assert b"Exif" not in data, path.name
        assert b"PhoneCam" not in data, path.name


def test_refused_poster_does_not_keep_the_rest_of_the_show_either(admin_client, media):
    """The whole add form fails: no show row, no credits or titles from its inlines."""
    form = admin_form_data(admin_client.get(SHOW_ADD), title="Bomb", slug="bomb", kind="series")
    form["poster"] = SimpleUploadedFile("bomb.png", png_bomb(16_000, 15_000))

    response = admin_client.post(SHOW_ADD, form)

    assert response.status_code == 200
    assert not Show.objects.exists()
    assert stored_files(media) == []
