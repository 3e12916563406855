"""Copy who did what into the audit trail that survives deleting accounts (models/audit.py).

- Every admin ``LogEntry`` is copied into an ``AuditEntry`` as it is written,
  with the username of that moment.
- Entries written without signals (Django logs a bulk deletion with
  ``bulk_create``) are copied when their user is about to be deleted, before
  the cascade takes the log entries with it.
- Every django-reversion revision made by a user gets a ``RevisionSignature``.
"""

from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_user_model
from django.db.models.signals import post_save, pre_delete
from reversion.signals import post_revision_commit

from .models import AuditEntry, RevisionSignature


def _audit_entry(log_entry, user, *, link_user=True):
    return AuditEntry(
        action_time=log_entry.action_time,
        user=user if link_user else None,
        user_name=user.get_username(),
        action_flag=log_entry.action_flag,
        content_type_id=log_entry.content_type_id,
        object_id=log_entry.object_id or "",
        object_repr=log_entry.object_repr,
        change_message=log_entry.change_message,
        log_entry_id=log_entry.pk,
    )


def copy_log_entry(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        _audit_entry(instance, instance.user).save()


def copy_remaining_log_entries(sender, instance, **kwargs):
    """Before a user's log entries cascade away, copy any not yet in the audit trail."""
    copied = AuditEntry.objects.filter(log_entry_id__isnull=False).values("log_entry_id")
    missing = LogEntry.objects.filter(user=instance).exclude(pk__in=copied)
    # Not linked to the account: it is going, and the deletion has already
    # chosen which rows to unlink.
    AuditEntry.objects.bulk_create(
        _audit_entry(entry, instance, link_user=False) for entry in missing
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
