"""Derived fields of write-ups, kept in step however a row is written.

``Model.save`` renders the Markdown body; loaddata's raw saves skip it, so the
receiver below renders for them. Scores change the overall rating whenever
one is added, edited or removed.
"""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .models import Score, WriteUp


@receiver(post_save, sender=WriteUp)
def render_loaded_writeup(sender, instance, raw=False, **kwargs):
    if raw:
        instance.render_body()
        WriteUp.objects.filter(pk=instance.pk).update(
            body_html=instance.body_html, reading_minutes=instance.reading_minutes
        )
        instance.refresh_rating()


@receiver(post_save, sender=Score)
@receiver(post_delete, sender=Score)
def refresh_writeup_rating(sender, instance, **kwargs):
    writeup = WriteUp.objects.filter(pk=instance.writeup_id).first()
    if writeup is not None:
        writeup.refresh_rating()
