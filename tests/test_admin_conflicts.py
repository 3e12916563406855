"""Two editors on one change form: the later, stale save is refused and shown, never merged.

Editor A and editor B open the same page. A saves; B then saves the form it
opened before. B gets the form back with a message naming A, A's values
beside B's, and everything B typed; nothing of A's is overwritten. B's second,
deliberate save goes through. Inline rows and the publishing actions take
part in the same check.
"""

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group, User
from django.db.models import F
from django.db.models.signals import pre_save
from django.test import Client
from django.urls import reverse
from django.utils.html import strip_tags

from catalog.models import Episode, Show, VersionedModel
from reviews.models import WriteUp
from tests.admin_helpers import admin_form_data, error_messages
from tests.factories import (
    make_author,
    make_credit,
    make_draft,
    make_episode,
    make_genre,
    make_network,
    make_outlet,
    make_show,
    make_song,
    make_writeup,
)

CORRECTION = "\n\n*Correction: the finale aired on 13 April, not 14 April.*"
# Editors publish their edits to a live piece at once (reviews/admin/staged.py).
PUBLISH = {"_publish_changes": "Publish changes"}
STALE = (
    "Someone saved this write-up after you opened it, so nothing was saved. Your changes are "
    "still in the form: compare them with the saved values, then save again to keep yours."
)


def admin_url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def change_url(obj):
    return admin_url(type(obj), "change", obj.pk)


def editor_client(name):
    user = User.objects.create_user(name, f"{name}@example.com", "pw", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    client = Client()
    client.force_login(user)
    return client


def page_text(response):
    return " ".join(strip_tags(response.content.decode()).split())


def conflict_rows(response):
    """The report's rows: {label: (saved now, yours)} for fields and inlines."""
    report = response.context["edit_conflict"]
    rows = {row["label"]: (row["theirs"], row["yours"]) for row in report["fields"]}
    rows |= {row["label"]: (row["theirs"], row["yours"]) for row in report["inlines"]}
    return rows


@pytest.fixture
def editors(db):
    return editor_client("alice"), editor_client("bora")


@pytest.fixture
def writeup(db):
    return make_writeup(
        title="Soundtrack #1, reviewed",
        body="## Why it works\n\nThe leads.\n\nThe songs.",
        verdict_skip="You want a plot twist.",
        authors=[make_author(name="Min")],
        scores=[("Story", 8, 10)],
    )


def test_stale_save_is_refused_and_the_first_edit_survives(editors, writeup):
    alice, bora = editors
    form_a = admin_form_data(alice.get(change_url(writeup)))
    form_b = admin_form_data(bora.get(change_url(writeup)))

    saved = alice.post(
        change_url(writeup), form_a | {"body": form_a["body"] + CORRECTION} | PUBLISH
    )
    assert saved.status_code == 302, error_messages(saved)

    refused = bora.post(
        change_url(writeup), form_b | {"verdict_skip": "You hate love songs."} | PUBLISH
    )

    assert refused.status_code == 200
    writeup.refresh_from_db()
    assert writeup.body.endswith(CORRECTION)  # A's correction is kept...
    assert writeup.verdict_skip == "You want a plot twist."  # ...and nothing of B's is written
    assert writeup.version == 2  # created at 1, A's save made 2, B's refused save nothing
    assert STALE in error_messages(refused)
    assert "alice saved this write-up after you opened it" in page_text(refused)
    # B's typed text is still in B's form.
    assert refused.context["adminform"].form["verdict_skip"].value() == "You hate love songs."
    # A's value beside B's; the body as a diff whose only change is A's correction.
    rows = conflict_rows(refused)
    assert rows["Skip it if"] == ("You want a plot twist.", "You hate love songs.")
    body = next(row for row in refused.context["edit_conflict"]["fields"] if row["label"] == "Body")
    assert [text for kind, text in body["diff"] if kind == "theirs"] == ["", CORRECTION.strip()]
    assert [kind for kind, _text in body["diff"] if kind == "yours"] == []


def test_the_refused_form_carries_the_new_version_so_a_deliberate_second_save_goes_through(
    editors, writeup
):
    alice, bora = editors
    form_a = admin_form_data(alice.get(change_url(writeup)))
    form_b = admin_form_data(bora.get(change_url(writeup)))
    alice.post(change_url(writeup), form_a | {"title": "Soundtrack #1, reviewed again"} | PUBLISH)
    refused = bora.post(
        change_url(writeup), form_b | {"verdict_skip": "You hate love songs."} | PUBLISH
    )

    again = admin_form_data(refused)
    assert again["verdict_skip"] == "You hate love songs."
    assert again["version"] == "2"
    saved = bora.post(change_url(writeup), again | PUBLISH)

    assert saved.status_code == 302, error_messages(saved)
    writeup.refresh_from_db()
    assert writeup.verdict_skip == "You hate love songs."
    assert writeup.version == 3


def test_a_save_by_code_is_reported_with_its_time_when_no_history_names_anyone(editors, writeup):
    _alice, bora = editors
    form_b = admin_form_data(bora.get(change_url(writeup)))
    saved_by_code = WriteUp.objects.get(pk=writeup.pk)
    saved_by_code.title = "Renamed by a script"
    saved_by_code.save()

    refused = bora.post(
        change_url(writeup), form_b | {"verdict_skip": "You hate love songs."} | PUBLISH
    )

    assert "was saved after you opened it" in page_text(refused)
    assert "not through the admin" in page_text(refused)
    assert conflict_rows(refused)["Title"] == ("Renamed by a script", "Soundtrack #1, reviewed")


# Inlines ----------------------------------------------------------------------------------


def test_a_changed_score_makes_a_stale_save_of_the_write_up_conflict(editors, writeup):
    alice, bora = editors
    form_a = admin_form_data(alice.get(change_url(writeup)))
    form_b = admin_form_data(bora.get(change_url(writeup)))

    saved = alice.post(change_url(writeup), form_a | {"scores-0-value": "9.5"} | PUBLISH)
    assert saved.status_code == 302, error_messages(saved)
    refused = bora.post(change_url(writeup), form_b | {"title": "A new headline"} | PUBLISH)

    assert refused.status_code == 200
    assert STALE in error_messages(refused)
    writeup.refresh_from_db()
    assert writeup.title == "Soundtrack #1, reviewed"
    assert writeup.scores.get().value == 9.5
    assert conflict_rows(refused)["Scores"] == (["Story · 9.5 · 10 · 0"], ["Story · 8 · 10 · 0"])


def test_a_changed_write_up_makes_a_stale_save_of_its_bylines_conflict(editors, writeup):
    alice, bora = editors
    other = make_author(name="Joon")
    form_a = admin_form_data(alice.get(change_url(writeup)))
    form_b = admin_form_data(bora.get(change_url(writeup)))

    alice.post(change_url(writeup), form_a | {"title": "A new headline"} | PUBLISH)
    refused = bora.post(change_url(writeup), form_b | {"bylines-0-author": str(other.pk)} | PUBLISH)

    assert refused.status_code == 200
    assert STALE in error_messages(refused)
    assert [byline.author.name for byline in writeup.bylines.all()] == ["Min"]
    assert refused.context["inline_admin_formsets"][0].formset.forms[0]["author"].value() == str(
        other.pk
    )


def test_a_stale_inline_row_of_a_versioned_model_conflicts_and_keeps_the_other_edit(editors):
    alice, bora = editors
    show = make_show(title="Soundtrack #1")
    episode = make_episode(show=show, number=1, title="The first day")
    form_b = admin_form_data(bora.get(change_url(show)))

    form_a = admin_form_data(alice.get(change_url(episode)))
    saved = alice.post(change_url(episode), form_a | {"title": "Day one"})
    assert saved.status_code == 302, error_messages(saved)
    refused = bora.post(change_url(show), form_b | {"episodes-0-runtime_minutes": "70"})

    assert refused.status_code == 200
    assert STALE.replace("write-up", "episode") in error_messages(refused)
    assert "alice saved this episode after you opened it" in page_text(refused)
    episode.refresh_from_db()
    assert (episode.title, episode.runtime_minutes) == ("Day one", None)


def test_an_inline_row_the_stale_form_would_not_change_does_not_block_the_save(editors):
    alice, bora = editors
    show = make_show(title="Soundtrack #1")
    episode = make_episode(show=show, number=1, title="The first day")
    form_b = admin_form_data(bora.get(change_url(show)))
    # The synopsis is edited on the episode's own page only, not in the show's inline row.
    form_a = admin_form_data(alice.get(change_url(episode)))
    alice.post(change_url(episode), form_a | {"synopsis": "They meet again."})

    saved = bora.post(change_url(show), form_b | {"synopsis": "Two friends, one song."})

    assert saved.status_code == 302, error_messages(saved)
    episode.refresh_from_db()
    assert (episode.synopsis, episode.version) == ("They meet again.", 2)
    assert Show.objects.get().synopsis == "Two friends, one song."


# Publishing actions -----------------------------------------------------------------------


def run_action(client, action, *writeups):
    return client.post(
        admin_url(WriteUp, "changelist"),
        {"action": action, "_selected_action": [writeup.pk for writeup in writeups]},
        follow=True,
    )


def messages_of(response):
    return [str(message) for message in response.context["messages"]]


def test_publishing_from_the_list_makes_a_form_opened_before_stale(editors):
    alice, bora = editors
    draft = make_draft(title="A draft", verdict_skip="")
    form_b = admin_form_data(bora.get(change_url(draft)))

    assert "Published 1 write-up." in messages_of(run_action(alice, "publish", draft))
    refused = bora.post(change_url(draft), form_b | {"verdict_skip": "You hate love songs."})

    assert refused.status_code == 200
    assert "alice saved this write-up after you opened it" in page_text(refused)
    assert "Published." in page_text(refused)
    assert conflict_rows(refused)["Status"] == ("Published", "Draft")
    draft.refresh_from_db()
    assert (draft.status, draft.verdict_skip, draft.version) == ("published", "", 2)


def test_unpublishing_from_the_list_makes_a_form_opened_before_stale(editors, writeup):
    alice, bora = editors
    form_b = admin_form_data(bora.get(change_url(writeup)))

    run_action(alice, "unpublish", writeup)
    refused = bora.post(change_url(writeup), form_b | {"title": "A new headline"} | PUBLISH)

    assert refused.status_code == 200
    assert conflict_rows(refused)["Status"] == ("Unpublished", "Published")
    writeup.refresh_from_db()
    assert (writeup.status, writeup.title) == ("unpublished", "Soundtrack #1, reviewed")


@pytest.fixture
def save_lands_during_the_action():
    """Another editor's save of a row lands between the action's read and its write."""
    landed = []

    def other_save(sender, instance, **kwargs):
        if not landed and not instance._state.adding:
            landed.append(instance.pk)
            WriteUp.objects.filter(pk=instance.pk).update(
                title="Retitled meanwhile", version=F("version") + 1
            )

    pre_save.connect(other_save, sender=WriteUp)
    yield landed
    pre_save.disconnect(other_save, sender=WriteUp)


@pytest.mark.parametrize(
    ("action", "status", "done"),
    [("publish", "draft", "Published 1 write-up."), ("unpublish", "published", None)],
)
def test_a_row_saved_during_an_action_is_skipped_and_reported(
    editors, save_lands_during_the_action, action, status, done
):
    alice, _bora = editors
    make = make_draft if status == "draft" else make_writeup
    first, second = make(title="First"), make(title="Second")

    messages = messages_of(run_action(alice, action, first, second))

    skipped_pk = save_lands_during_the_action[0]
    skipped, other = WriteUp.objects.get(pk=skipped_pk), WriteUp.objects.exclude(pk=skipped_pk)
    # (The simulated save ran inside the refused row's savepoint, so it is rolled back too.)
    assert skipped.status == status
    assert other.get().status != status
    skipped_title = "First" if skipped_pk == first.pk else "Second"
    assert any(
        message.startswith(f"Skipped “{skipped_title}”: someone else saved it at the same moment")
        for message in messages
    ), messages
    if done:
        assert done in messages


# Every versioned change form ----------------------------------------------------------------

VERSIONED_ADMINS = sorted(
    # The trash (a proxy of write-ups) has no change form.
    (
        model
        for model, model_admin in admin.site._registry.items()
        if issubclass(model, VersionedModel) and not model._meta.proxy
    ),
    key=lambda model: model._meta.label,
)


@pytest.mark.parametrize(
    "model", VERSIONED_ADMINS, ids=[model._meta.label for model in VERSIONED_ADMINS]
)
def test_every_versioned_change_form_carries_its_version_hidden(admin_client, model):
    """A model given a version but whose admin form forgot it would never be checked."""
    show = make_show(network=make_network(), genres=[make_genre()])
    make_episode(show=show)
    make_credit(show=show)
    make_song(show=show)
    make_writeup(show=show, authors=[make_author()], outlet=make_outlet())
    obj = model._default_manager.get()
    model._default_manager.filter(pk=obj.pk).update(version=7)

    form = admin_client.get(change_url(obj)).context["adminform"].form

    assert form["version"].value() == 7
    assert form["version"].is_hidden


def test_inline_rows_of_versioned_models_carry_their_versions(admin_client):
    show = make_show()
    make_episode(show=show)
    Episode.objects.update(version=5)

    response = admin_client.get(change_url(show))

    formsets = {inline.formset.prefix: inline.formset for inline in response.context[
        "inline_admin_formsets"]}  # fmt: skip
    assert formsets["episodes"].forms[0]["version"].value() == 5
    assert all("version" in formsets[prefix].form.base_fields for prefix in ("credits", "songs"))
    assert Show in VERSIONED_ADMINS
