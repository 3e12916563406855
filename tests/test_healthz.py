"""/healthz tells a load balancer whether this server can serve: the database decides.

200 while the database answers, 503 when it does not; the cache is reported
but never makes it fail, since the site serves pages without it. The answer
is a small JSON body, made without a template, never cached, and reachable
over plain HTTP when every other address redirects to HTTPS.
"""

from unittest import mock

import pytest
from django.db import OperationalError, connection

from reviews_site import cache_backend

from .redis_servers import cache_settings, closed_port

pytestmark = pytest.mark.django_db

URL = "/healthz"


def test_all_well_is_200_with_the_database_and_the_cache_ok(client):
    response = client.get(URL)
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}
    assert response.templates == [], "no page is rendered"


def test_it_is_never_cached(client):
    for _ in range(2):
        response = client.get(URL)
        assert "no-store" in response["Cache-Control"]
        assert "private" in response["Cache-Control"]


def test_a_cache_that_does_not_answer_is_reported_but_still_200(client, settings, monkeypatch):
    monkeypatch.setattr(cache_backend, "_servers", {})
    settings.CACHES = cache_settings(f"redis://127.0.0.1:{closed_port()}/0")
    response = client.get(URL)
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "unavailable"}


def test_a_database_that_does_not_answer_is_503(client, caplog):
    with mock.patch.object(
        connection, "cursor", side_effect=OperationalError("connection refused")
    ):
        response = client.get(URL)
    assert response.status_code == 503
    assert response.json() == {
        "status": "unavailable",
        "database": "unavailable",
        "cache": "ok",
    }
    assert "connection refused" in caplog.text


def test_a_plain_http_probe_is_answered_where_pages_redirect_to_https(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/").status_code == 301
    assert client.get(URL).status_code == 200
