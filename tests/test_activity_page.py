"""Recent activity: who added, changed, published, unpublished and deleted what, site-wide.

Built on the audit trail (reviews_site.AuditEntry), so it keeps naming people
whose accounts were deleted. Editors and superusers see it; other staff do not.
"""

import pytest
from django.contrib.admin.models import ADDITION, CHANGE, LogEntry
from django.contrib.auth.models import Group, Permission, User
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import reverse

from catalog.models import Network, Show
from reviews_site.models import AuditEntry
from tests.admin_helpers import admin_form_data, error_messages
from tests.factories import make_draft, make_network, make_show, make_writeup
from tests.html_tree import parse_html

ACTIVITY = reverse("admin:reviews_site_auditentry_changelist")


def editor(client, username):
    """A member of Editors, logged in with ``client``."""
    user = User.objects.create_user(username, password="pw", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    client.force_login(user)
    return user


def editor_client(username):
    """A browser of its own, for a second editor."""
    client = Client()
    editor(client, username)
    return client


def rows(response):
    """Each row of the activity list as (user, kind, model, object, object's link)."""
    assert response.status_code == 200
    table = parse_html(response.content.decode()).find(id="result_list")
    found = []
    for row in table.find("tbody").find_all("tr"):
        cells = [cell for cell in row.children if getattr(cell, "tag", None) in ("td", "th")]
        link = next(iter(cells[4].find_all("a")), None)
        found.append(
            (
                cells[1].text,
                cells[2].text,
                cells[3].text,
                cells[4].text,
                link.attrs["href"] if link else None,
            )
        )
    return found


def change_url(obj):
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])


def post_change(client, obj, **values):
    response = client.post(change_url(obj), admin_form_data(client.get(change_url(obj)), **values))
    assert response.status_code == 302, error_messages(response)


def test_additions_changes_publishing_and_deletions_are_listed_newest_first(client, db):
    editor(client, "jisoo")
    response = client.post(reverse("admin:catalog_network_add"), {"name": "tvN", "slug": "tvn"})
    assert response.status_code == 302, error_messages(response)
    network = Network.objects.get(slug="tvn")
    post_change(client, network, name="tvN Korea")
    draft = make_draft(title="Soundtrack #1, reviewed")
    post_change(
        client, draft, status="published", published_at_0="15/04/2022", published_at_1="12:00"
    )
    live = make_writeup(title="Episode 1 recap")
    actions = reverse("admin:reviews_writeup_changelist")
    for action in ("unpublish", "publish"):
        client.post(actions, {"action": action, "_selected_action": [live.pk]})
    show = make_show(title="Soundtrack #2")
    assert client.post(reverse("admin:catalog_show_delete", args=[show.pk]), {"post": "yes"})
    # Two pieces to the trash at once: Django logs them in bulk, without signals.
    trashed = [make_writeup(title="Old piece"), make_writeup(title="Older piece")]
    client.post(actions, {"action": "delete_selected", "_selected_action": [w.pk for w in trashed]})

    listed = rows(client.get(ACTIVITY))

    writeup = "write-up"
    assert listed == [
        # The action logs the selection in the list's order, newest piece first.
        ("jisoo", "Deleted", writeup, "Old piece", None),
        ("jisoo", "Deleted", writeup, "Older piece", None),
        ("jisoo", "Deleted", "show", str(show), None),
        ("jisoo", "Published", writeup, "Episode 1 recap", change_url(live)),
        ("jisoo", "Unpublished", writeup, "Episode 1 recap", change_url(live)),
        ("jisoo", "Published", writeup, "Soundtrack #1, reviewed", change_url(draft)),
        ("jisoo", "Changed", "platform or network", "tvN Korea", change_url(network)),
        ("jisoo", "Added", "platform or network", "tvN", change_url(network)),
    ]


def test_a_deleted_users_actions_are_still_listed_by_name(client, admin_client, db):
    jisoo = editor(client, "jisoo")
    network = make_network(name="tvN")
    post_change(client, network, name="tvN Korea")
    jisoo.delete()

    listed = rows(admin_client.get(ACTIVITY))
    by_user = rows(admin_client.get(ACTIVITY, {"user_name": "jisoo"}))

    expected = [
        (
            "jisoo (account deleted)",
            "Changed",
            "platform or network",
            "tvN Korea",
            change_url(network),
        )
    ]
    assert listed == expected
    assert by_user == expected


def test_objects_the_reader_may_not_open_are_named_not_linked(client, admin_client, db):
    """Editors see that an account was changed, but the accounts admin is not theirs."""
    jisoo = editor(client, "jisoo")
    post_change(admin_client, jisoo, first_name="Jisoo")
    trashed = make_writeup(title="Old piece")
    post_change(client, trashed, title="Old piece, revised")
    trashed.refresh_from_db()
    trashed.move_to_trash()

    listed = rows(client.get(ACTIVITY))

    assert listed == [
        ("jisoo", "Changed", "write-up", "Old piece, revised", None),  # in the trash
        ("admin", "Changed", "user", "jisoo", None),
    ]
    by_superuser = rows(admin_client.get(ACTIVITY))
    assert by_superuser[1][4] == change_url(jisoo)


def test_filters_by_user_kind_and_model(client, admin_client, db):
    editor(client, "jisoo")
    post_change(client, make_network(name="tvN"), name="tvN Korea")
    minho = editor_client("minho")
    show = make_show(title="Soundtrack #1")
    post_change(minho, show, title="Soundtrack #2")
    show.refresh_from_db()
    publish = make_draft(title="Recap")
    minho.post(
        reverse("admin:reviews_writeup_changelist"),
        {"action": "publish", "_selected_action": [publish.pk]},
    )

    def objects(**query):
        return [row[3] for row in rows(admin_client.get(ACTIVITY, query))]

    shows = ContentType.objects.get_for_model(Show)
    assert objects(user_name="jisoo") == ["tvN Korea"]
    assert objects(kind="published") == ["Recap"]
    assert objects(content_type__id__exact=shows.pk) == [str(show)]
    assert objects(user_name="minho", kind="changed") == [str(show)]


def test_the_admin_index_links_it_for_editors(client, db):
    editor(client, "jisoo")
    index = parse_html(client.get(reverse("admin:index")).content.decode())
    assert ACTIVITY in [a.attrs.get("href") for a in index.find_all("a")]


def test_staff_who_are_not_editors_are_refused(client, db):
    writer = User.objects.create_user("writer", password="pw", is_staff=True)
    writer.user_permissions.add(
        *Permission.objects.filter(codename__in=["add_writeup", "change_writeup", "view_writeup"])
    )
    client.force_login(writer)

    assert client.get(ACTIVITY).status_code == 403
    index = parse_html(client.get(reverse("admin:index")).content.decode())
    assert ACTIVITY not in [a.attrs.get("href") for a in index.find_all("a")]


def test_readers_are_sent_to_the_login_page(client, db):
    response = client.get(ACTIVITY)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_nobody_may_add_change_or_delete_entries(admin_client, db):
    editor_user = User.objects.create_user("jisoo", is_staff=True)
    LogEntry.objects.log_actions(editor_user.pk, [make_network()], ADDITION, single_object=True)
    entry = AuditEntry.objects.get()

    assert admin_client.get(reverse("admin:reviews_site_auditentry_add")).status_code == 403
    response = admin_client.post(
        reverse("admin:reviews_site_auditentry_delete", args=[entry.pk]), {"post": "yes"}
    )
    assert response.status_code == 403
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


def log_activity(user, size):
    """``size`` entries on each of three models, some of whose objects are then deleted."""
    objects = []
    for _ in range(size):
        objects += [make_network(), make_show(), make_writeup()]
    for obj in objects:
        LogEntry.objects.log_actions(user.pk, [obj], CHANGE, "Changed.", single_object=True)
    for obj in objects[::3]:
        obj.delete()


@pytest.mark.parametrize("size", [2, 15])
def test_the_page_runs_a_fixed_number_of_queries(client, db, django_assert_num_queries, size):
    """Session, user, zone, the copy check, the user's and groups' permissions, the two
    filters' choices, count, page, and one query for which objects still exist: not one
    per row or per model (N+1)."""
    log_activity(editor(client, "jisoo"), size)
    client.get(ACTIVITY)  # the permission cache of a first request

    with django_assert_num_queries(11):
        response = client.get(ACTIVITY)
    assert len(rows(response)) == 3 * size
