"""While the database is away, readers get a short 503 page, never a server error."""

from unittest import mock

import pytest
from django.db import OperationalError
from django.urls import reverse

from .factories import make_show

pytestmark = pytest.mark.django_db


def test_a_lost_database_connection_is_a_503_with_retry_after(client):
    show = make_show(slug="soundtrack-1")
    with mock.patch(
        "catalog.views.ShowDetailView.get_queryset",
        side_effect=OperationalError("server closed the connection unexpectedly"),
    ):
        response = client.get(reverse("catalog:show_detail", kwargs={"slug": show.slug}))
    assert response.status_code == 503
    assert response["Retry-After"] == "10"
    assert "no-store" in response["Cache-Control"]
    assert "Back in a moment" in response.content.decode()


def test_other_errors_are_not_dressed_up_as_a_database_outage(client):
    show = make_show(slug="soundtrack-1")
    client.raise_request_exception = False
    with mock.patch("catalog.views.ShowDetailView.get_queryset", side_effect=ValueError("a bug")):
        response = client.get(reverse("catalog:show_detail", kwargs={"slug": show.slug}))
    assert response.status_code == 500
