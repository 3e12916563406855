"""Delete for good the write-ups that have been in the trash longer than the retention."""

from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from reviews.models import WriteUp
from reviews_site.revisions import store_before_deletion


class Command(BaseCommand):
    help = (
        "Delete for good (with their scores, bylines and tag links) the write-ups that have "
        "been in the trash for more than TRASH_RETENTION_DAYS days. Run it daily (cron)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Say what would be deleted; delete nothing."
        )

    def handle(self, *args, dry_run=False, **options):
        days = settings.TRASH_RETENTION_DAYS
        cutoff = timezone.now() - timedelta(days=days)
        with transaction.atomic():
            expired = list(WriteUp.objects.trashed().trashed_before(cutoff).order_by("trashed_at"))
            if not expired:
                self.stdout.write(f"Nothing has been in the trash for more than {days} days.")
                return
            verb = "Would delete" if dry_run else "Deleted"
            self.stdout.write(
                f"{verb} for good {len(expired)} write-up(s) in the trash for more than "
                f"{days} days:"
            )
            for writeup in expired:
                self.stdout.write(
                    f"  {writeup.slug}  (trashed {writeup.trashed_at:%Y-%m-%d %H:%M})"
                )
            if not dry_run:
                # Versioned first: "Recover deleted write-ups" can still bring them back.
                store_before_deletion(
                    None, expired, f"Deleted “{{obj}}” for good after {days} days in the trash."
                )
                WriteUp.objects.filter(pk__in=[writeup.pk for writeup in expired]).delete()
