"""A read-only database is maintenance, not a brief outage: readers read, a write is refused.

Reproduces issue 13, finding 10 (the read-only part): a database that
refuses writes (a PostgreSQL standby or ``default_transaction_read_only``, a
read-only SQLite file) was shown to an editor as "Back in a moment", a
brief outage, or (PostgreSQL's read-only error is not an OperationalError)
as a server error. Readers still get pages; a save answers 503 saying the
site is read-only for maintenance, and the refusal is logged.
"""

import logging

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.urls import reverse

from reviews.models import WriteUp

from .admin_helpers import admin_form_data
from .factories import make_writeup

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client):
    client.force_login(User.objects.create_superuser("chief", password="a long pass phrase"))
    return client


@pytest.fixture
def writeup():
    return make_writeup(title="A quiet love story", slug="a-quiet-love-story", tags=["romance"])


@pytest.fixture
def read_only_database():
    """The database refuses every write from here on, as a standby or a read-only file does."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Inside the test's transaction; rolling back to the savepoint makes it writable again.
            cursor.execute("SAVEPOINT read_only_database")
            cursor.execute("SET transaction_read_only = on")
        else:
            cursor.execute("PRAGMA query_only = ON")
    yield
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ROLLBACK TO SAVEPOINT read_only_database")
            cursor.execute("RELEASE SAVEPOINT read_only_database")
        else:
            cursor.execute("PRAGMA query_only = OFF")


def test_readers_get_pages_from_a_read_only_database(client, writeup, read_only_database):
    for url in ("/", writeup.get_absolute_url(), reverse("reviews:writeup_list"), "/sitemap.xml"):
        assert client.get(url).status_code == 200, url


def test_a_save_to_a_read_only_database_says_the_site_is_read_only(
    editor, writeup, read_only_database, caplog
):
    change = reverse("admin:reviews_writeup_change", args=[writeup.pk])
    data = admin_form_data(editor.get(change), title="A louder love story")
    with caplog.at_level(logging.ERROR, logger="reviews_site.database"):
        response = editor.post(change, data)

    assert response.status_code == 503
    html = response.content.decode()
    assert "read-only for maintenance" in html
    assert "was not saved" in html
    assert "Back in a moment" not in html
    assert "Retry-After" not in response
    assert "no-store" in response["Cache-Control"]
    assert "read-only" in caplog.text
    assert WriteUp.objects.get(pk=writeup.pk).title == "A quiet love story"
