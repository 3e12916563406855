"""The "Editors" group: everything on the catalog, write-ups and tags; nothing on accounts.

They also see the recent activity page (reviews_site.AuditEntry, view only).
"""

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.models import Group, Permission, User
from django.urls import reverse

from catalog.models import Show
from reviews.models import WriteUp
from tests.admin_helpers import add_inline_rows, admin_form_data, error_messages
from tests.factories import make_author, make_person, make_show

EDITOR_APPS = ("catalog", "reviews", "taggit")
ACTIONS = ("add", "change", "delete", "view")
# Unmanaged models (the search index tables) are kept up to date by code, not by editors;
# the trash (a proxy without permissions of its own) answers to the write-ups' permissions.
EDITOR_MODELS = [
    model
    for label in EDITOR_APPS
    for model in apps.get_app_config(label).get_models()
    if model._meta.managed and model._meta.default_permissions
]


@pytest.fixture
def editor(db, client):
    user = User.objects.create_user("editor", "editor@example.com", "pw", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    client.force_login(user)
    return client


@pytest.mark.parametrize("model", EDITOR_MODELS, ids=lambda model: model._meta.label)
def test_editors_may_add_change_delete_and_view_every_catalog_reviews_and_tag_model(db, model):
    """A model added later without a migration granting its permissions fails here."""
    codenames = {f"{action}_{model._meta.model_name}" for action in ACTIONS}
    granted = set(
        Group.objects.get(name="Editors")
        .permissions.filter(content_type__app_label=model._meta.app_label)
        .values_list("codename", flat=True)
    )

    assert codenames <= granted


def test_editors_have_no_permission_outside_catalog_reviews_and_tags(db):
    """Besides viewing the site's recent activity (reviews_site.AuditEntry)."""
    outside = (
        Permission.objects.filter(group__name="Editors")
        .exclude(content_type__app_label__in=EDITOR_APPS)
        .exclude(content_type__app_label="reviews_site", codename="view_auditentry")
    )

    assert list(outside) == []


def test_editor_opens_the_admin_index_and_every_changelist(editor):
    assert editor.get(reverse("admin:index")).status_code == 200
    for model in admin.site._registry:
        if model._meta.app_label in EDITOR_APPS:
            url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
            assert editor.get(url).status_code == 200, url


@pytest.mark.parametrize(
    "url", ["/admin/auth/user/", "/admin/auth/group/", "/admin/auth/user/add/"]
)
def test_editor_cannot_reach_accounts(editor, url):
    assert editor.get(url).status_code == 403


def test_editor_sees_an_authors_account_but_cannot_change_it(editor):
    author = make_author(user=User.objects.get(username="editor"))

    response = editor.get(reverse("admin:reviews_author_change", args=[author.pk]))

    assert "user" not in response.context["adminform"].form.fields
    assert "editor" in response.content.decode()


def test_editor_adds_a_show_with_an_inline_credit(editor):
    actor = make_person(name="Han Hyo-joo")
    add = reverse("admin:catalog_show_add")
    data = admin_form_data(editor.get(add), title="Happiness", slug="happiness", kind="series")
    add_inline_rows(data, "credits", {"person": actor.pk, "role": "cast", "billing": "lead",
                                      "character_name": "Yoon Sae-bom", "order": "0"})  # fmt: skip

    response = editor.post(add, data)

    assert response.status_code == 302, error_messages(response)
    assert Show.objects.get(slug="happiness").credits.get().person == actor


def test_editor_adds_and_publishes_a_writeup_with_a_score_and_tags(editor):
    show = make_show()
    add = reverse("admin:reviews_writeup_add")
    data = admin_form_data(
        editor.get(add), title="First look", slug="first-look", kind="review", show=show.pk,
        status="draft", body="Worth it.", tags="romance, office",
    )  # fmt: skip
    add_inline_rows(data, "scores", {"label": "Story", "value": "9", "scale": "10", "order": "0"})
    add_inline_rows(data, "bylines", {"author": make_author().pk, "order": "0"})

    response = editor.post(add, data)
    assert response.status_code == 302, error_messages(response)
    writeup = WriteUp.objects.get(slug="first-look")
    editor.post(
        reverse("admin:reviews_writeup_changelist"),
        {"action": "publish", "_selected_action": [writeup.pk]},
    )

    assert WriteUp.objects.published().get() == writeup
    assert sorted(writeup.tags.names()) == ["office", "romance"]
    assert writeup.scores.get().value == 9
