"""Image uploads the admin refuses: bombs, disguised, vector, unknown, oversized and damaged files.

Every refusal is a form error on a page answered 200, and MEDIA_ROOT stays
empty. The bombs are small files whose headers claim huge dimensions, so the
tests are fast; the suite turns RuntimeWarning into an error, so Pillow's
DecompressionBombWarning cannot be what stops them.
"""

import pytest

from tests.image_files import (
    assert_refused,
    gif_bomb,
    image_bytes,
    jpeg_bomb,
    noisy_jpeg,
    png_bomb,
    upload_poster,
    webp_bomb,
)


@pytest.fixture
def media(settings):
    return settings.MEDIA_ROOT


@pytest.mark.parametrize(
    ("name", "data", "megapixels"),
    [
        ("bomb.png", png_bomb(12_000, 10_000), 120),
        ("bomb.png", png_bomb(16_000, 15_000), 240),
        ("bomb.jpg", jpeg_bomb(12_000, 10_000), 120),
        ("bomb.gif", gif_bomb(16_000, 15_000), 240),
        ("bomb.webp", webp_bomb(16_000, 15_000), 240),
    ],
    ids=["png-120mp", "png-240mp", "jpeg-120mp", "gif-frame-240mp", "webp-240mp"],
)
def test_decompression_bomb_is_refused_from_its_header(admin_client, media, name, data, megapixels):
    response = upload_poster(admin_client, name, data)

    assert_refused(response, media, f"({megapixels} megapixels); the limit is 40 megapixels")


def test_png_named_jpg_is_refused(admin_client, media):
    response = upload_poster(admin_client, "poster.jpg", image_bytes("PNG"))

    assert_refused(response, media, "This file is a PNG image, but its name ends in .jpg.")


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
        ("logo.png", b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>'),
    ],
)
def test_svg_is_refused(admin_client, media, name, data):
    response = upload_poster(admin_client, name, data)

    assert_refused(response, media, "SVG and other vector or text files are not accepted")


@pytest.mark.parametrize(
    ("name", "message"),
    [("poster.bmp", "“.bmp” files are not accepted"), ("poster", "“no extension” files")],
)
def test_other_formats_are_refused_by_name(admin_client, media, name, message):
    assert_refused(upload_poster(admin_client, name, image_bytes("BMP")), media, message)


def test_file_over_the_byte_limit_is_refused(admin_client, media, settings):
    settings.IMAGE_UPLOAD_MAX_BYTES = 20_000
    data = noisy_jpeg()
    assert len(data) > 20_000

    response = upload_poster(admin_client, "big.jpg", data)

    assert_refused(response, media, "images may be at most 19.5\xa0KB")


def test_truncated_jpeg_is_refused(admin_client, media):
    data = noisy_jpeg()

    response = upload_poster(admin_client, "cut.jpg", data[: len(data) // 2])

    assert_refused(response, media, "This image is damaged or incomplete")


def test_bytes_that_are_not_an_image_are_refused(admin_client, media):
    response = upload_poster(admin_client, "poster.jpg", b"MZ\x90\x00 not a picture at all")

    assert_refused(response, media, "This file is not a JPEG, PNG, GIF or WebP image.")
