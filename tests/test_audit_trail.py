"""Who did what stays known after their account is deleted.

Django deletes an account's admin log entries with it, and django-reversion
forgets the user of its revisions. The audit trail (reviews_site.models.audit)
keeps the name: the history pages, the versions list and the list of deleted
objects still name the editor once the account is gone.
"""

import pytest
from django.contrib.admin.models import DELETION, LogEntry
from django.contrib.auth.models import User
from django.urls import reverse

from catalog.models import Network
from reviews.models import WriteUp
from reviews_site.models import AuditEntry
from tests.admin_helpers import admin_form_data, error_messages
from tests.factories import make_network, make_show, make_writeup
from tests.html_tree import parse_html


def history_rows(client, model, obj):
    """The (user, action) cells of each row of an object's history page."""
    opts = model._meta
    response = client.get(
        reverse(f"admin:{opts.app_label}_{opts.model_name}_history", args=[obj.pk])
    )
    assert response.status_code == 200
    # Django's page has the id on the table's box, reversion-compare's on the table.
    history = parse_html(response.content.decode()).find(id="change-history")
    rows = history.find("tbody").find_all("tr")
    return [[cell.text for cell in row.find_all("td")][-2:] for row in rows]


def change(client, model, obj, **values):
    opts = model._meta
    address = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
    response = client.post(address, admin_form_data(client.get(address), **values))
    assert response.status_code == 302, error_messages(response)


@pytest.fixture
def jisoo(db, client):
    """An editor's account, logged in with ``client``; the test deletes it."""
    user = User.objects.create_user("jisoo", password="pw", is_staff=True, is_superuser=True)
    client.force_login(user)
    return user


def test_history_page_names_the_editor_after_the_account_is_deleted(client, jisoo, admin_client):
    network = make_network(name="tvN")
    change(client, Network, network, name="tvN Korea")
    assert history_rows(admin_client, Network, network) == [["jisoo", "Changed Name."]]

    jisoo.delete()

    assert not LogEntry.objects.filter(object_id=str(network.pk)).exists()  # Django's went
    assert history_rows(admin_client, Network, network) == [
        ["jisoo (account deleted)", "Changed Name."]
    ]


def test_versions_list_names_the_editor_after_the_account_is_deleted(client, jisoo, admin_client):
    writeup = make_writeup(title="Soundtrack #1, reviewed")
    change(
        client,
        WriteUp,
        writeup,
        verdict_skip="You need a happy ending.",
        _publish_changes="Publish changes",  # a live piece, published at once
    )

    jisoo.delete()

    assert history_rows(admin_client, WriteUp, writeup) == [
        ["jisoo (account deleted)", "Changed Skip it if."]
    ]


def test_recover_list_names_who_deleted_after_the_account_is_deleted(client, jisoo, admin_client):
    show = make_show(title="Soundtrack #1")
    address = reverse("admin:catalog_show_delete", args=[show.pk])
    assert client.post(address, {"post": "yes"}).status_code == 302

    jisoo.delete()

    response = admin_client.get(reverse("admin:catalog_show_recoverlist"))
    table = parse_html(response.content.decode()).find("table", id="change-history")
    row = table.find("tbody").find("tr")
    assert "jisoo" in [cell.text for cell in row.find_all("td")]


def test_bulk_deletions_are_kept_when_their_editor_is_deleted(client, jisoo):
    """Django logs a bulk deletion without signals; the entries are copied before they go."""
    networks = [make_network(name="tvN"), make_network(name="JTBC")]
    response = client.post(
        reverse("admin:catalog_network_changelist"),
        {"action": "delete_selected", "_selected_action": [n.pk for n in networks], "post": "yes"},
    )
    assert response.status_code == 302
    assert LogEntry.objects.filter(action_flag=DELETION).count() == 2

    jisoo.delete()

    kept = AuditEntry.objects.filter(action_flag=DELETION).order_by("object_repr")
    assert [(entry.user_name, entry.object_repr) for entry in kept] == [
        ("jisoo", "JTBC"),
        ("jisoo", "tvN"),
    ]


def test_each_log_entry_is_copied_once(client, jisoo):
    network = make_network(name="tvN")
    change(client, Network, network, name="tvN Korea")

    jisoo.delete()

    assert AuditEntry.objects.count() == 1
