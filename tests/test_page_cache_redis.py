"""The page cache on Redis, the backend production uses with several workers.

Skipped when no Redis answers on 127.0.0.1:6379 (the default path needs no
server); CI runs it against the machine's Redis.
"""

import uuid

import pytest
from django.core.cache import cache, caches
from django.core.cache.backends.redis import RedisCache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from .factories import make_credit, make_person, make_show
from .redis_servers import clear_cache

REDIS_URL = "redis://127.0.0.1:6379/15"


def _redis_answers():
    try:
        import redis

        return redis.Redis.from_url(REDIS_URL, socket_connect_timeout=0.5).ping()
    except Exception:
        return False


pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not _redis_answers(), reason=f"no Redis at {REDIS_URL}"),
]


@pytest.fixture
def redis_cache(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            # A prefix of its own, so that runs at the same time never meet.
            "KEY_PREFIX": f"test-{uuid.uuid4().hex}",
        }
    }
    yield cache
    clear_cache()


def queries_for(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return response, len(queries)


def test_a_page_is_served_from_redis_and_an_edit_replaces_it(client, redis_cache):
    person = make_person(name="Park Hyung-sik", slug="park-hyung-sik")
    show = make_show(title="Soundtrack #1", slug="soundtrack-1")
    make_credit(show=show, person=person, character_name="Han Seon-woo")
    url = reverse("catalog:show_detail", kwargs={"slug": show.slug})
    assert isinstance(caches["default"], RedisCache)

    first, first_queries = queries_for(client, url)
    second, second_queries = queries_for(client, url)
    assert first_queries > 0
    assert second_queries == 0, "the second request is a cache hit"
    assert second.content == first.content

    person.name = "Park Hyeong-sik"
    person.save()
    third, third_queries = queries_for(client, url)
    assert third_queries > 0
    assert "Park Hyeong-sik" in third.content.decode()
