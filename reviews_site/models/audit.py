"""The audit trail that outlives accounts: who did what in the admin, by name.

Django's ``LogEntry`` rows are deleted with their user (a CASCADE foreign
key), and django-reversion's ``Revision.user`` is set to NULL, so deleting an
editor's account would erase who made which change. Each ``AuditEntry``
copies a ``LogEntry`` when it is written, with the user's name as it was;
each ``RevisionSignature`` names the user of one revision. Both keep the name
when the account goes. ``reviews_site.audit`` writes them.
"""

from django.conf import settings
from django.contrib.admin.models import ACTION_FLAG_CHOICES, ADDITION, DELETION, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone


class AuditEntryQuerySet(models.QuerySet):
    def for_object(self, obj):
        content_type = ContentType.objects.get_for_model(obj, for_concrete_model=False)
        return self.filter(content_type=content_type, object_id=str(obj.pk))


# The messages the admin's own actions log as a change (reviews/admin), by what they did.
KIND_OF_MESSAGE = {
    "Published": "published",
    "Unpublished": "unpublished",
    "Moved to the trash": "deleted",
}


class ActionKind(models.TextChoices):
    """What an admin action did, in the activity page's words."""

    ADDED = "added", "Added"
    CHANGED = "changed", "Changed"
    PUBLISHED = "published", "Published"
    UNPUBLISHED = "unpublished", "Unpublished"
    DELETED = "deleted", "Deleted"

    @classmethod
    def of(cls, action_flag, change_message):
        if action_flag == ADDITION:
            return cls.ADDED
        if action_flag == DELETION:
            return cls.DELETED
        for start, kind in KIND_OF_MESSAGE.items():
            if change_message.startswith(start):
                return cls(kind)
        return cls.CHANGED


class AuditEntry(models.Model):
    """One admin action (an addition, change or deletion), kept after its user is deleted."""

    Kind = ActionKind

    action_time = models.DateTimeField(default=timezone.now, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Empty once the account is deleted; user_name still says who it was.",
    )
    user_name = models.CharField(max_length=150, help_text="The username when the entry was made.")
    action_flag = models.PositiveSmallIntegerField(choices=ACTION_FLAG_CHOICES)
    content_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    object_id = models.TextField(blank=True)
    object_repr = models.CharField(max_length=200)
    change_message = models.TextField(blank=True)
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.CHANGED)
    # The LogEntry this copies, to copy each once (no foreign key: it may be deleted).
    log_entry_id = models.PositiveIntegerField(null=True, blank=True, editable=False)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        ordering = ["action_time", "pk"]
        verbose_name = "activity entry"
        verbose_name_plural = "recent activity"
        constraints = [
            models.UniqueConstraint(fields=["log_entry_id"], name="reviews_site_audit_one_per_log"),
            models.CheckConstraint(
                condition=models.Q(kind__in=ActionKind.values), name="reviews_site_audit_kind_known"
            ),
        ]
        indexes = [
            models.Index(
                fields=["content_type", "object_id", "action_time"],
                name="audit_entry_object",
            ),
            # The activity page filtered by kind, newest first.
            models.Index(fields=["kind", "action_time"], name="audit_entry_kind"),
        ]

    def __str__(self):
        return f"{self.user_name}: {self.get_action_flag_display()} {self.object_repr}"

    def get_change_message(self):
        """The change message in words, as Django's history page writes it."""
        return (
            LogEntry(
                action_flag=self.action_flag, change_message=self.change_message
            ).get_change_message()
            or self.get_action_flag_display()
        )


class RevisionSignature(models.Model):
    """The name of the user who made a django-reversion revision, kept after the account goes."""

    revision = models.OneToOneField(
        "reversion.Revision", primary_key=True, on_delete=models.CASCADE, related_name="signature"
    )
    user_name = models.CharField(max_length=150)

    def __str__(self):
        return f"Revision {self.revision_id} by {self.user_name}"
