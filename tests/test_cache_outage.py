"""The cache is an accelerator, never a dependency: Redis down, silent or full takes nothing down.

Reproduces issue 13, finding 3: with REDIS_URL at a closed port, the pages,
robots.txt, 404 pages and the admin login answered 500 and every admin save
answered 500 and was rolled back; with a Redis that accepts the connection
and never answers, every request waited 5 s, then 500. Here readers get
every page within a bound, editors sign in and save, each failure is logged
once per interval, and a page stored before an outage is never served after
an edit made during it.
"""

import json
import logging
import subprocess
import sys
import time

import pytest
import redis
from django.conf import settings as django_settings
from django.contrib.auth.models import User
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from reviews.models import WriteUp
from reviews_site import cache as page_cache
from reviews_site import cache_backend

from .admin_helpers import admin_form_data
from .factories import make_show, make_writeup
from .redis_servers import (
    BACKEND,
    REDIS_URL,
    cache_settings,
    clear_cache,
    closed_port,
    free_port,
    private_redis,
    redis_answers,
    silent_server,
)
from .test_deploy_checks import BASE_DIR, PRODUCTION_ENV, clean_environment

pytestmark = pytest.mark.django_db

# A request while Redis is away costs at most one socket timeout (0.5 s) on top of the page.
ONE_REQUEST = 1.5
PASSWORD = "a long pass phrase"


@pytest.fixture(autouse=True)
def fresh_health(monkeypatch):
    """Every test starts with no memory of earlier failures (health is kept per process)."""
    monkeypatch.setattr(cache_backend, "_servers", {})


@pytest.fixture(params=["closed port", "silent port"])
def unreachable_redis(request, settings):
    """The cache points at a port where no Redis answers: refused, or accepted and never read."""
    if request.param == "closed port":
        settings.CACHES = cache_settings(f"redis://127.0.0.1:{closed_port()}/0")
        yield request.param
    else:
        with silent_server() as port:
            settings.CACHES = cache_settings(f"redis://127.0.0.1:{port}/0")
            yield request.param


@pytest.fixture
def writeup():
    return make_writeup(title="A quiet love story", slug="a-quiet-love-story")


def timed(call, *args, **kwargs):
    started = time.monotonic()
    response = call(*args, **kwargs)
    return response, time.monotonic() - started


PRINT_CACHES = (
    "import json, django; django.setup(); from django.conf import settings; "
    "print(json.dumps(settings.CACHES))"
)


def test_sessions_are_kept_in_the_database_not_the_cache():
    assert django_settings.SESSION_ENGINE == "django.contrib.sessions.backends.db"


def test_production_uses_the_resilient_backend_with_short_timeouts():
    result = subprocess.run(
        [sys.executable, "-c", PRINT_CACHES],
        cwd=BASE_DIR,
        env=clean_environment(**PRODUCTION_ENV),
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    production = json.loads(result.stdout.splitlines()[-1])["default"]
    assert production["BACKEND"] == BACKEND
    backend = cache_backend.ResilientRedisCache(production["LOCATION"], production)
    options = backend._cache._pool_options  # Django's client, made without connecting
    assert options["socket_connect_timeout"] <= 0.5
    assert options["socket_timeout"] <= 0.5


def test_readers_get_every_page_quickly_while_redis_is_away(client, unreachable_redis, writeup):
    expected = {
        "/": 200,
        writeup.get_absolute_url(): 200,
        reverse("reviews:writeup_list"): 200,
        reverse("reviews:feed_latest"): 200,
        "/robots.txt": 200,
        "/sitemap.xml": 200,
        "/no-such-page/": 404,
        reverse("admin:login"): 200,
    }
    total = 0
    for url, status in expected.items():
        for _ in range(2):
            response, elapsed = timed(client.get, url)
            assert response.status_code == status, url
            assert elapsed < ONE_REQUEST, f"{url} took {elapsed:.2f} s"
            total += elapsed
    # Only the first request pays a timeout; later ones skip the cache while it is away.
    assert total < 2 * ONE_REQUEST, f"{total:.2f} s in all"
    assert writeup.title in client.get(writeup.get_absolute_url()).content.decode()


def test_an_editor_signs_in_and_saves_a_write_up_while_redis_is_away(
    client, unreachable_redis, writeup
):
    User.objects.create_superuser("chief", password=PASSWORD)
    response, elapsed = timed(
        client.post,
        reverse("admin:login"),
        {"username": "chief", "password": PASSWORD, "next": "/admin/"},
    )
    assert response.status_code == 302, "signed in"
    assert elapsed < ONE_REQUEST

    change = reverse("admin:reviews_writeup_change", args=[writeup.pk])
    data = admin_form_data(client.get(change), title="A louder love story")
    data["_publish_changes"] = "Publish changes"  # a live piece, published at once
    response, elapsed = timed(client.post, change, data)
    assert response.status_code == 302, "saved"
    assert elapsed < ONE_REQUEST
    assert WriteUp.objects.get(pk=writeup.pk).title == "A louder love story"

    client.logout()
    assert "A louder love story" in client.get(writeup.get_absolute_url()).content.decode()


def test_a_failing_cache_is_logged_once_per_interval_not_per_request(
    client, settings, monkeypatch, caplog, writeup
):
    settings.CACHES = cache_settings(f"redis://127.0.0.1:{closed_port()}/0")
    # Try Redis on every call, so that every request meets the failure.
    monkeypatch.setattr(cache_backend.ResilientRedisCache, "retry_seconds", 0)
    with caplog.at_level(logging.WARNING, logger="reviews_site.cache"):
        for _ in range(5):
            assert client.get(writeup.get_absolute_url()).status_code == 200
    reports = [record for record in caplog.records if record.name == "reviews_site.cache"]
    assert len(reports) == 1, [record.getMessage() for record in reports]
    message = reports[0].getMessage()
    assert f"127.0.0.1:{closed_port()}" in message
    assert "served without it" in message

    # Once the interval has passed, the next failure is reported with the count of the others.
    monkeypatch.setattr(cache_backend.ResilientRedisCache, "report_seconds", 0)
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="reviews_site.cache"):
        cache.get("anything")
    assert len(caplog.records) == 1
    assert "failures since the last report" in caplog.records[0].getMessage()


def test_a_password_in_the_redis_url_is_not_logged(settings, monkeypatch, caplog):
    settings.CACHES = cache_settings(f"redis://:hunter2secret@127.0.0.1:{closed_port()}/0")
    with caplog.at_level(logging.WARNING, logger="reviews_site.cache"):
        assert cache.get("anything") is None
    assert caplog.records
    assert "hunter2secret" not in caplog.text


def queries_for(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode(), len(queries)


def test_a_page_stored_before_an_outage_is_not_served_after_an_edit_made_during_it(
    client, settings, monkeypatch, tmp_path
):
    """Redis is restarted from its saved data while an editor saves: the new generation is lost.

    When Redis answers again it holds the old generation and the page stored
    under it; that page must not be served.
    """
    monkeypatch.setattr(cache_backend.ResilientRedisCache, "retry_seconds", 0)
    show = make_show(title="Soundtrack #1", slug="soundtrack-1")
    url = show.get_absolute_url()
    port = free_port()
    persisted = ("--dir", str(tmp_path), "--dbfilename", "cache.rdb")
    settings.CACHES = cache_settings(f"redis://127.0.0.1:{port}/0")
    with private_redis(*persisted, port=port) as (location, _):
        queries_for(client, url)
        assert queries_for(client, url)[1] == 0, "stored"
        redis.Redis.from_url(location).save()

    show.title = "Soundtrack No. 1"
    show.save()  # Redis is away: the new generation is not written
    assert "Soundtrack No. 1" in queries_for(client, url)[0]

    with private_redis(*persisted, port=port):
        html, queries = queries_for(client, url)
        assert queries > 0, "rendered afresh"
        assert "Soundtrack No. 1" in html
        # And stored again: the cache is back in use.
        assert queries_for(client, url) == (html, 0)


def fill(location):
    """Make Redis full: its memory limit drops below what it holds (noeviction).

    As when junk pages filled it: from then on every write is refused with
    "OOM command not allowed", while reads and deletes still work.
    """
    server = redis.Redis.from_url(location)
    server.config_set("maxmemory", server.info("memory")["used_memory"] // 2)
    with pytest.raises(redis.exceptions.OutOfMemoryError):
        server.set("one-more", b"x")
    return server


def test_a_full_redis_serves_pages_and_saves_and_never_a_stale_page(
    client, admin_user, settings, monkeypatch
):
    """A Redis with a memory limit and noeviction refuses every write once full."""
    monkeypatch.setattr(cache_backend.ResilientRedisCache, "retry_seconds", 0)
    show = make_show(title="Soundtrack #1", slug="soundtrack-1")
    url = show.get_absolute_url()
    with private_redis("--maxmemory-policy", "noeviction") as (location, _):
        settings.CACHES = cache_settings(location)
        queries_for(client, url)
        assert queries_for(client, url)[1] == 0, "stored"
        fill(location)

        editor = client_for(admin_user)
        change = reverse("admin:catalog_show_change", args=[show.pk])
        data = admin_form_data(editor.get(change), title="Soundtrack No. 1")
        assert editor.post(change, data).status_code == 302
        for _ in range(3):
            html, _queries = queries_for(client, url)
            assert "Soundtrack No. 1" in html

        # Another worker process, which never saw a write fail, reads the generation too.
        monkeypatch.setattr(cache_backend, "_servers", {})
        monkeypatch.setattr(page_cache, "_failures_seen", 0)
        assert "Soundtrack No. 1" in queries_for(client, url)[0]


def client_for(user):
    from django.test import Client

    editor = Client()
    editor.force_login(user)
    return editor


@pytest.mark.skipif(not redis_answers(), reason=f"no Redis at {REDIS_URL}")
def test_the_machines_redis_serves_stored_pages_through_the_resilient_backend(client, settings):
    settings.CACHES = cache_settings(REDIS_URL)
    show = make_show(slug="soundtrack-1")
    url = show.get_absolute_url()
    try:
        first, first_queries = queries_for(client, url)
        second, second_queries = queries_for(client, url)
        assert first_queries > 0
        assert (second, second_queries) == (first, 0)
    finally:
        clear_cache()
