"""Restore the database and the uploaded media written by ``backup_site``.

Restores the newest pair in BACKUP_DIR (or the files named) into the
configured database, replacing what it holds, and writes the media files back
into MEDIA_ROOT. It works on an empty site: a fresh, migrated database (the
SQLite file is replaced whole; PostgreSQL's ``pg_restore --clean`` drops and
recreates every table) and an empty media folder. Then it migrates, in case
the backup comes from an older release, and retires every cached page.
"""

from django.conf import settings
from django.core.management import BaseCommand, CommandError, call_command
from django.db import DEFAULT_DB_ALIAS, connections

from reviews_site import cache


class Command(BaseCommand):
    help = "Replace the database and the media with a backup made by backup_site."

    def add_arguments(self, parser):
        parser.add_argument(
            "--database-backup",
            help="A database backup's file name in BACKUP_DIR (newest if not given).",
        )
        parser.add_argument(
            "--media-backup",
            help="A media backup's file name in BACKUP_DIR (the newest if not given).",
        )
        parser.add_argument(
            "--noinput",
            "--no-input",
            action="store_false",
            dest="interactive",
            help="Do not ask for confirmation.",
        )

    def handle(self, *args, database_backup=None, media_backup=None, interactive=True, **options):
        verbosity = options["verbosity"]
        database = connections[DEFAULT_DB_ALIAS].settings_dict["NAME"]
        if interactive:
            answer = input(
                f"This replaces everything in the database {database} and overwrites files in "
                f"{settings.MEDIA_ROOT}.\nType 'yes' to continue: "
            )
            if answer.strip().lower() != "yes":
                raise CommandError("Restore cancelled: nothing was changed.")

        quiet = ["--quiet"] if verbosity < 2 else []
        database_file = ["--input-filename", database_backup] if database_backup else []
        media_file = ["--input-filename", media_backup] if media_backup else []
        call_command("dbrestore", "--uncompress", "--noinput", *database_file, *quiet)
        call_command("mediarestore", "--uncompress", "--noinput", "--replace", *media_file, *quiet)
        call_command("migrate", "--no-input", verbosity=max(verbosity - 1, 0))
        # The restored rows arrived without model signals: no stored page is current.
        cache.forget()
        if verbosity:
            self.stdout.write(
                f"Restored the database {database} and the media in {settings.MEDIA_ROOT}."
            )
