"""Uploaded images served by the site itself (SERVE_MEDIA) may be kept by browsers for a day.

Uploaded files get a fresh random name (catalog.images.uploads), so a name
never points to other bytes. This module is the URLconf of its tests: the
site's URLs with the media route reviews_site.urls adds when SERVE_MEDIA is on.
"""

import pytest
from django.core.cache import cache

from reviews_site import urls as site_urls

from .image_files import image_bytes

urlpatterns = [*site_urls.urlpatterns, *site_urls.media_patterns]

pytestmark = pytest.mark.urls(__name__)


@pytest.fixture
def poster(settings):
    folder = settings.MEDIA_ROOT / "posters"
    folder.mkdir(parents=True)
    (folder / "0f3c.jpg").write_bytes(image_bytes("JPEG"))
    return "/media/posters/0f3c.jpg"


def test_an_uploaded_image_is_cacheable_for_a_day(client, poster):
    response = client.get(poster)
    assert response.status_code == 200
    assert response["Cache-Control"] == "public, max-age=86400"
    assert response["Cross-Origin-Resource-Policy"] == "same-origin"


def test_media_never_goes_through_the_page_cache(client, poster):
    """Not even for its generation: a page cache lookup would write one into the cache."""
    for _ in range(2):
        assert client.get(poster).status_code == 200
    assert len(cache._cache) == 0


def test_a_missing_file_is_404(client, poster):
    assert client.get("/media/posters/missing.jpg").status_code == 404
