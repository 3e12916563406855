"""Copy who did what into the audit trail that survives deleting accounts (models/audit.py).

- Every admin ``LogEntry`` is copied into an ``AuditEntry`` as it is written,
  with the username of that moment.
- Entries written without signals (Django logs a bulk deletion with
  ``bulk_create``) are copied when their user is about to be deleted, before
  the cascade takes the log entries with it, and whenever the activity page
  is opened (``copy_missing_log_entries``).
- Each entry says what kind of action it was (``AuditEntry.Kind``); a change
  form's save that changed a write-up's status is a publish or an unpublish.
- Every django-reversion revision made by a user gets a ``RevisionSignature``.
"""

import json

from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth import get_user_model
from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Exists, OuterRef
from django.db.models.signals import post_save, pre_delete
from reversion.signals import post_revision_commit

from .models import AuditEntry, RevisionSignature


def _kind(log_entry, *, look_at_object=False):
    kind = AuditEntry.Kind.of(log_entry.action_flag, log_entry.change_message)
    if look_at_object and kind == AuditEntry.Kind.CHANGED and _changed_status(log_entry):
        try:
            status = getattr(log_entry.get_edited_object(), "status", None)
        except ObjectDoesNotExist:
            return kind
        if status == "published":
            return AuditEntry.Kind.PUBLISHED
        if status == "draft":
            return AuditEntry.Kind.UNPUBLISHED
    return kind


def _changed_status(log_entry):
    """Whether a change form's log entry lists the Status field among those it changed."""
    if log_entry.action_flag != CHANGE or not log_entry.change_message.startswith("["):
        return False
    try:
        messages = json.loads(log_entry.change_message)
    except ValueError:
        return False
    return any(
        "Status" in message.get("changed", {}).get("fields", [])
        for message in messages
        if isinstance(message, dict)
    )


def _audit_entry(log_entry, user, *, link_user=True, look_at_object=False):
    return AuditEntry(
        action_time=log_entry.action_time,
        user=user if link_user else None,
        user_name=user.get_username(),
        action_flag=log_entry.action_flag,
        content_type_id=log_entry.content_type_id,
        object_id=log_entry.object_id or "",
        object_repr=log_entry.object_repr,
        change_message=log_entry.change_message,
        kind=_kind(log_entry, look_at_object=look_at_object),
        log_entry_id=log_entry.pk,
    )


def copy_log_entry(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        # Saved with the object: the object as it is now says what the save did.
        _audit_entry(instance, instance.user, look_at_object=True).save()


def copy_remaining_log_entries(sender, instance, **kwargs):
    """Before a user's log entries cascade away, copy any not yet in the audit trail."""
    copied = AuditEntry.objects.filter(log_entry_id__isnull=False).values("log_entry_id")
    missing = LogEntry.objects.filter(user=instance).exclude(pk__in=copied)
    # Not linked to the account: it is going, and the deletion has already
    # chosen which rows to unlink.
    AuditEntry.objects.bulk_create(
        _audit_entry(entry, instance, link_user=False) for entry in missing
    )


def copy_missing_log_entries():
    """Copy the log entries Django wrote in bulk (without signals) since the last copy."""
    copied = AuditEntry.objects.filter(log_entry_id=OuterRef("pk"))
    missing = LogEntry.objects.filter(~Exists(copied)).select_related("user")
    AuditEntry.objects.bulk_create(
        (_audit_entry(entry, entry.user) for entry in missing), ignore_conflicts=True
    )


def sign_revision(sender, revision, **kwargs):
    if revision.user_id is not None:
        RevisionSignature.objects.create(revision=revision, user_name=revision.user.get_username())


def connect():
    """Connect the receivers (called from ready())."""
    post_save.connect(copy_log_entry, sender=LogEntry, dispatch_uid="audit:log-entry")
    pre_delete.connect(
        copy_remaining_log_entries, sender=get_user_model(), dispatch_uid="audit:user-deleted"
    )
    post_revision_commit.connect(sign_revision, dispatch_uid="audit:revision")
