import pytest
from django.contrib.contenttypes.models import ContentType

from .redis_servers import clear_cache


@pytest.fixture(autouse=True)
def _isolated_media_and_cache(settings, tmp_path):
    """Uploaded files go to a temporary folder; every test starts with an empty cache."""
    settings.MEDIA_ROOT = tmp_path / "media"
    clear_cache()
    # Content type ids change when a transactional test flushes (or a backup test restores)
    # the database; a cached id from before would point the slug history at nothing.
    ContentType.objects.clear_cache()
    yield
    clear_cache()
