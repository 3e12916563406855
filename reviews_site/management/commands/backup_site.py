"""Back up the database and the uploaded media in one step (django-dbbackup).

Writes two gzipped files to BACKUP_DIR (``DJANGO_BACKUP_DIR``): the database,
made with SQLite's online backup API or PostgreSQL's ``pg_dump`` (custom
format), and a tar of MEDIA_ROOT. Versions, the audit trail and accounts are
tables like any other, so they are in it. ``restore_site`` puts both back.
"""

from pathlib import Path

from dbbackup.signals import post_backup, post_media_backup
from django.conf import settings
from django.core.management import BaseCommand, call_command


class Command(BaseCommand):
    help = "Back up the database and the uploaded media to BACKUP_DIR (restore with restore_site)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--clean",
            action="store_true",
            help="Afterwards delete all but the newest backups (DBBACKUP_CLEANUP_KEEP, 10 each).",
        )

    def handle(self, *args, clean=False, verbosity=1, **options):
        # A site nobody has uploaded to yet has no media folder: back up an empty one.
        Path(settings.MEDIA_ROOT).mkdir(parents=True, exist_ok=True)
        written = []

        def note(sender, filename, **kwargs):
            written.append(filename)

        post_backup.connect(note, dispatch_uid="backup_site")
        post_media_backup.connect(note, dispatch_uid="backup_site")
        try:
            extra = ["--clean"] if clean else []
            quiet = ["--quiet"] if verbosity < 2 else []
            call_command("dbbackup", "--compress", "--noinput", *extra, *quiet)
            call_command("mediabackup", "--compress", "--noinput", *extra, *quiet)
        finally:
            post_backup.disconnect(dispatch_uid="backup_site")
            post_media_backup.disconnect(dispatch_uid="backup_site")
        if verbosity:
            self.stdout.write(f"Backed up to {settings.BACKUP_DIR}:")
            for filename in written:
                self.stdout.write(f"  {filename}")
