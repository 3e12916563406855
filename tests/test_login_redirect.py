"""A login whose ``next`` is missing or points off the site lands on a real page."""

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

pytestmark = pytest.mark.django_db

LOGIN = reverse("admin:login")


@pytest.fixture
def editor(db):
    return User.objects.create_user("editor", password="a-long-passphrase", is_staff=True)


def log_in(client, next_url):
    data = {"username": "editor", "password": "a-long-passphrase", "next": next_url}
    return client.post(f"{LOGIN}?next={next_url}", data)


@pytest.mark.parametrize(
    "unsafe", ["https://evil.example/", "//evil.example/admin/", "javascript:alert(1)", ""]
)
def test_an_unsafe_or_missing_next_falls_back_to_the_admin_index(client, editor, unsafe):
    response = log_in(client, unsafe)

    assert response.status_code == 302
    assert response["Location"] == reverse("admin:index")
    assert client.get(response["Location"]).status_code == 200


def test_a_safe_next_is_still_followed(client, editor):
    target = reverse("admin:reviews_writeup_changelist")

    assert log_in(client, target)["Location"] == target
