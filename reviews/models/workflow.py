"""The record of a write-up's moves through the review loop (rules: reviews/workflow.py)."""

from django.conf import settings
from django.db import models

from .writeups import WriteUp


class Transition(models.Model):
    """One move of a write-up from a state to another: who, when, and the note they left.

    The username is copied so that the record still names them after their account is deleted.
    """

    writeup = models.ForeignKey(WriteUp, on_delete=models.CASCADE, related_name="transitions")
    from_state = models.CharField(max_length=20, choices=WriteUp.Status.choices, blank=True)
    to_state = models.CharField(max_length=20, choices=WriteUp.Status.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    user_name = models.CharField(max_length=150, blank=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    note = models.TextField(blank=True, help_text="What the writer should change, or why.")

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = "state change"
        indexes = [models.Index(fields=["writeup", "-at"], name="reviews_transition_writeup")]

    def __str__(self):
        return f"{self.writeup_id}: {self.from_state or '—'} → {self.to_state}"
