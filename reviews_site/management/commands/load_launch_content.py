"""Load the launch content once; add back what is missing, or overwrite, only when asked."""

from django.core.management.base import BaseCommand
from django.db import DEFAULT_DB_ALIAS

from reviews_site import launch_content


class Command(BaseCommand):
    help = (
        "Load the launch fixtures into a database that has never had them, and record it; "
        "afterwards do nothing, so edits, unpublished pieces and deletions are kept. "
        "--add-missing adds back launch rows that are missing without changing any row; "
        "--overwrite also puts the fixtures' values back over edited launch rows."
    )

    def add_arguments(self, parser):
        mode = parser.add_mutually_exclusive_group()
        mode.add_argument(
            "--add-missing",
            action="store_true",
            help="Add launch rows that are missing (with their scores, bylines, tags...); "
            "change no row that exists, and leave out rows an editor removed from one.",
        )
        mode.add_argument(
            "--overwrite",
            action="store_true",
            help="Add every missing launch row and replace edited launch rows with the "
            "fixtures' values. Rows the fixtures do not name are never touched.",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="With --add-missing or --overwrite: say what would change; change nothing.",
        )
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args, add_missing, overwrite, dry_run, database, verbosity, **options):
        if add_missing or overwrite:
            report = launch_content.restore(overwrite=overwrite, dry_run=dry_run, using=database)
            self.write_restore(report, overwrite, dry_run, verbosity)
            return
        report = launch_content.load(using=database)
        when = f"{report.recorded.loaded_at:%Y-%m-%d %H:%M} UTC"
        if report.loaded:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Loaded the launch content ({when}). Later runs do not load it again, "
                    "so editors' changes are kept."
                )
            )
        elif report.found:
            self.stdout.write(
                f"This database already holds {report.found} of the {report.total} launch rows, "
                "loaded before loads were recorded: recorded as loaded, nothing changed.\n"
                "  (load_launch_content --add-missing adds back the missing ones.)"
            )
        else:
            self.stdout.write(
                f"The launch content was loaded on {when}: nothing to do. Edits, unpublished "
                "pieces and deletions since then are kept.\n"
                "  (load_launch_content --add-missing adds back launch rows that are missing.)"
            )

    def write_restore(self, report, overwrite, dry_run, verbosity):
        would = "Would add" if dry_run else "Added"
        self.section(f"{would} {len(report.added)} missing launch row(s):", report.added)
        if overwrite:
            would = "Would replace" if dry_run else "Replaced"
            self.section(
                f"{would} the values of {len(report.replaced)} edited launch row(s) with the "
                "fixtures':",
                [f"{label}: {', '.join(fields)}" for label, fields in report.replaced],
            )
        if overwrite:
            kept = f"Already as the fixtures have them: {len(report.kept)} launch row(s)."
        else:
            kept = (
                f"Left as it was: {len(report.kept)} launch row(s) that exist "
                "(edits kept; --overwrite replaces them)."
            )
        self.section(kept, report.kept if verbosity > 1 else [])
        if report.left_out:
            self.section(
                f"Not added: {len(report.left_out)} launch row(s):",
                [f"{label} ({why})" for label, why in report.left_out],
            )
        if dry_run:
            self.stdout.write("Dry run: nothing was changed.")

    def section(self, heading, lines):
        self.stdout.write(heading)
        for line in lines:
            self.stdout.write(f"  {line}")
