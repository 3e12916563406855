"""Media on S3-compatible object storage: uploads, renditions, metadata stripping, links and
failures behave as on the local disk (issue 17, part 1).

Each test runs on both backends: the local filesystem (the default) and django-storages'
S3Storage against moto's standalone server on 127.0.0.1 (tests/s3_server.py), which
stands in for S3, MinIO or any S3-compatible store.
"""

import json
import re
import socket
import subprocess
import sys
import urllib.request
from io import BytesIO

import pytest
from botocore.config import Config
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from catalog.models import Show
from reviews_site import urls as site_urls
from tests import s3_server
from tests.admin_helpers import admin_form_data, error_messages
from tests.image_files import image_bytes, jpeg_with_gps_and_rotation, upload_poster, with_webp

# This module is the URLconf of its tests: the site's URLs with the media route that
# reviews_site.urls adds when SERVE_MEDIA is on, so the local disk's URLs answer too.
urlpatterns = [*site_urls.urlpatterns, *site_urls.media_patterns]

pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]


@pytest.fixture(scope="session")
def s3_endpoint():
    with s3_server.s3_server() as endpoint:
        yield endpoint


@pytest.fixture(params=["filesystem", "s3"])
def backend(request, settings):
    """The default storage for the test: the local disk or a fresh bucket."""
    if request.param == "s3":
        endpoint = request.getfixturevalue("s3_endpoint")
        bucket = s3_server.make_bucket(endpoint)
        settings.STORAGES = {
            **settings.STORAGES,
            "default": s3_server.storage_settings(endpoint, bucket),
        }
    return request.param


def stored_names(folder="posters"):
    try:
        _, files = storages["default"].listdir(folder)
    except FileNotFoundError:  # the local disk: no folder before the first upload
        return []
    return sorted(f"{folder}/{name}" for name in files)


def read_stored(name):
    with storages["default"].open(name, "rb") as stored:
        return stored.read()


def fetch(url, client):
    """The bytes readers get at an image's URL: from the object store, or from this site."""
    if url.startswith("http"):
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.headers["Content-Type"], response.read()
    response = client.get(url)
    return response.status_code, response["Content-Type"], b"".join(response.streaming_content)


def test_an_uploaded_poster_and_its_renditions_are_stored(admin_client, backend):
    response = upload_poster(admin_client, "poster.png", image_bytes("PNG", size=(640, 960)))

    assert response.status_code == 302, error_messages(response)
    show = Show.objects.get()
    master = show.poster.name
    assert re.fullmatch(r"posters/[0-9a-f]{32}\.jpg", master)
    root = master.removesuffix(".jpg")
    expected = with_webp(master, f"{root}-w200.jpg", f"{root}-w320.jpg", f"{root}-w400.jpg")
    assert stored_names() == expected
    image = Image.open(BytesIO(read_stored(f"{root}-w320.jpg")))
    assert (image.format, image.size) == ("JPEG", (320, 480))
    image = Image.open(BytesIO(read_stored(f"{root}-w320.webp")))
    assert (image.format, image.size) == ("WEBP", (320, 480))


def test_metadata_is_stripped_before_the_image_reaches_the_store(admin_client, backend):
    upload_poster(admin_client, "phone.jpg", jpeg_with_gps_and_rotation())
    show = Show.objects.get()

    image = Image.open(BytesIO(read_stored(show.poster.name)))

    assert not image.getexif()
    assert b"Exif" not in read_stored(show.poster.name)[:4096]


def test_every_url_a_page_offers_serves_the_image(admin_client, client, backend):
    upload_poster(admin_client, "poster.jpg", image_bytes("JPEG", size=(640, 960)))
    show = Show.objects.get()
    page = client.get(show.get_absolute_url()).content.decode()
    srcsets = re.findall(r'srcset="([^"]+)"', page)  # the WebP <source>, then the JPEG <img>
    urls = [
        entry.rsplit(" ", 1)[0].replace("&amp;", "&")
        for srcset in srcsets
        for entry in srcset.split(", ")
    ]

    assert len(urls) == 8
    for url in urls:
        if backend == "s3":
            assert url.startswith(s3_server_url(url))  # from the object store, signed
            assert "Signature=" in url or "X-Amz-Signature=" in url
        status, content_type, data = fetch(url, client)
        image_format = "WEBP" if ".webp" in url else "JPEG"
        assert (status, content_type) == (200, f"image/{image_format.lower()}")
        assert Image.open(BytesIO(data)).format == image_format


def s3_server_url(url):
    return re.match(r"http://127\.0\.0\.1:\d+/media-[0-9a-f]{12}/media/posters/", url).group(0)


def test_replacing_a_poster_removes_the_old_objects(
    admin_client, backend, django_capture_on_commit_callbacks
):
    upload_poster(admin_client, "first.jpg", image_bytes("JPEG"))
    show = Show.objects.get()
    old = stored_names()
    change = reverse("admin:catalog_show_change", args=[show.pk])
    form = admin_form_data(admin_client.get(change))
    form["poster"] = SimpleUploadedFile("second.png", image_bytes("PNG", size=(500, 750)))

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(change, form)

    assert response.status_code == 302, error_messages(response)
    show.refresh_from_db()
    now = stored_names()
    assert not set(old) & set(now)
    assert show.poster.name in now
    assert len(now) == 8  # the master, 3 renditions and the WebP copy of each


def test_an_unreachable_object_store_is_a_form_error_and_the_form_is_kept(admin_client, settings):
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        closed = probe.getsockname()[1]
    options = {"client_config": Config(connect_timeout=1, retries={"max_attempts": 1})}
    settings.STORAGES = {
        **settings.STORAGES,
        "default": s3_server.storage_settings(f"http://127.0.0.1:{closed}", "gone", **options),
    }

    response = upload_poster(admin_client, "poster.jpg", image_bytes("JPEG"), synopsis="Kept.")

    assert response.status_code == 200
    assert any("could not be stored" in error for error in error_messages(response))
    assert response.context["adminform"].form["synopsis"].value() == "Kept."
    assert not Show.objects.exists()


def test_the_environment_chooses_object_storage_signed_or_public(tmp_path):
    """The settings build the S3 storage and the images' origin from MEDIA_S3_* alone."""
    code = (
        "import json, reviews_site.settings as s; "
        "print(json.dumps([s.STORAGES['default'], s.CONTENT_SECURITY_POLICY['DIRECTIVES']"
        "['img-src']], default=str))"
    )

    def settings_with(**env):
        base = {"PATH": "/usr/bin:/bin", "DJANGO_DEBUG": "true", **env}
        output = subprocess.run(
            [sys.executable, "-c", code], env=base, capture_output=True, text=True, check=True
        ).stdout
        return json.loads(output)

    default, img_src = settings_with()
    assert default["BACKEND"] == "django.core.files.storage.FileSystemStorage"
    assert img_src == ["'self'", "data:"]

    signed = {"MEDIA_S3_BUCKET": "posters", "MEDIA_S3_ENDPOINT_URL": "https://s3.example.net"}
    default, img_src = settings_with(**signed, MEDIA_S3_ADDRESSING_STYLE="path")
    assert default["BACKEND"] == "storages.backends.s3.S3Storage"
    assert default["OPTIONS"]["bucket_name"] == "posters"
    assert default["OPTIONS"]["querystring_auth"] is True
    assert default["OPTIONS"]["file_overwrite"] is False
    assert img_src[-1] == "https://s3.example.net"

    public = {**signed, "MEDIA_S3_PUBLIC_URL": "https://img.example.org/media"}
    default, img_src = settings_with(**public)
    assert default["OPTIONS"]["querystring_auth"] is False
    assert default["OPTIONS"]["custom_domain"] == "img.example.org/media"
    assert img_src[-1] == "https://img.example.org"
