"""The admin login is throttled: after DJANGO_LOGIN_FAILURE_LIMIT failures for one user name
or from one address, logging in is refused with a clear page (429, "try again in N minutes")
and the lockout is logged, until the cool-off ends or a superuser lifts it. The client's
address comes from X-Forwarded-For only behind the proxy.
"""

import logging
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import User
from django.core.management import call_command
from django.urls import reverse

from tests.html_tree import parse_html

LOGIN = reverse("admin:login")
PASSWORD = "a long pass phrase"
ADDRESS = "203.0.113.7"

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor():
    return User.objects.create_user("editor", password=PASSWORD, is_staff=True)


def log_in(client, username="editor", password=PASSWORD, address=ADDRESS, **headers):
    return client.post(
        LOGIN,
        {"username": username, "password": password, "next": "/admin/"},
        REMOTE_ADDR=address,
        **headers,
    )


def fail(client, times, **kwargs):
    return [log_in(client, password="wrong", **kwargs).status_code for _ in range(times)]


def assert_locked_out(response):
    assert response.status_code == 429
    text = parse_html(response.content).find(role="alert").text
    assert "Logging in has failed 5 times" in text
    assert "try again in 15 minutes" in text
    assert response["Retry-After"] == "900"
    assert "no-store" in response["Cache-Control"]


def test_a_few_failures_are_answered_as_usual_and_do_not_lock(client, editor):
    assert fail(client, 4) == [200] * 4
    assert log_in(client).status_code == 302


def test_after_five_failures_the_right_password_is_refused_and_the_lockout_logged(
    client, editor, caplog
):
    with caplog.at_level(logging.WARNING):
        statuses = fail(client, 5)

    assert statuses == [200] * 4 + [429]
    assert any("Locking out" in record.getMessage() for record in caplog.records)
    assert_locked_out(log_in(client))


def test_the_lock_is_per_user_name_from_any_address(client, editor):
    for n in range(5):
        fail(client, 1, address=f"198.51.100.{n + 1}")

    assert_locked_out(log_in(client, address="192.0.2.200"))


def test_the_lock_is_per_address_for_any_user_name(client, editor):
    User.objects.create_user("writer", password=PASSWORD, is_staff=True)
    for name in ["alice", "bob", "carol", "dave", "erin"]:
        fail(client, 1, username=name)

    assert_locked_out(log_in(client, username="writer"))
    assert log_in(client, username="writer", address="192.0.2.200").status_code == 302


def test_a_superuser_lifts_the_lockout_in_the_admin(client, editor):
    fail(client, 5)
    chief = User.objects.create_superuser("chief", password=PASSWORD)
    client.force_login(chief)
    changelist = reverse("admin:axes_accessattempt_changelist")
    assert client.get(changelist).status_code == 200
    attempts = list(AccessAttempt.objects.values_list("pk", flat=True))

    response = client.post(
        changelist, {"action": "delete_selected", "_selected_action": attempts, "post": "yes"}
    )

    assert response.status_code == 302
    client.logout()
    assert log_in(client).status_code == 302


def test_axes_reset_lifts_every_lockout(client, editor):
    fail(client, 5)

    call_command("axes_reset", verbosity=0)

    assert log_in(client).status_code == 302


def test_the_lock_ends_after_the_cool_off(client, editor):
    fail(client, 5)
    AccessAttempt.objects.update(
        attempt_time=AccessAttempt.objects.get().attempt_time - timedelta(minutes=16)
    )

    assert log_in(client).status_code == 302


def test_the_count_lives_in_the_database_not_the_cache(client, editor, settings):
    """A cache that keeps nothing (as a cache that is down) still locks out."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}

    assert fail(client, 5) == [200] * 4 + [429]
    assert_locked_out(log_in(client))


def test_cool_off_and_limit_come_from_the_settings(client, editor, settings):
    settings.AXES_FAILURE_LIMIT = 2
    settings.AXES_COOLOFF_TIME = timedelta(minutes=1)

    assert fail(client, 2) == [200, 429]
    response = log_in(client)
    assert response.status_code == 429
    assert "try again in 1 minute." in parse_html(response.content).find(role="alert").text


# The client's address behind the proxy ----------------------------------------------------------


def test_without_the_proxy_setting_x_forwarded_for_is_ignored(client, editor, settings):
    """A client cannot dodge the address lock by sending a new header each time."""
    settings.BEHIND_PROXY = False
    for n in range(5):
        log_in(client, username=f"user{n}", password="wrong", HTTP_X_FORWARDED_FOR=f"10.0.0.{n}")

    assert log_in(client, HTTP_X_FORWARDED_FOR="10.9.9.9").status_code == 429


def test_behind_the_proxy_the_address_the_proxy_added_is_the_clients(client, editor, settings):
    """The proxy appends the address it saw; entries before it are the client's to forge."""
    settings.BEHIND_PROXY = True
    proxy = "127.0.0.1"
    for n in range(5):
        log_in(
            client,
            username=f"user{n}",
            password="wrong",
            address=proxy,
            HTTP_X_FORWARDED_FOR=f"10.0.0.{n}, 198.51.100.9",
        )

    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"198.51.100.9"}
    forged = "10.9.9.9, 198.51.100.9"
    assert log_in(client, address=proxy, HTTP_X_FORWARDED_FOR=forged).status_code == 429
    other = "198.51.100.10"
    assert log_in(client, address=proxy, HTTP_X_FORWARDED_FOR=other).status_code == 302
