"""Time the rendering of worst-case Markdown bodies (tools.bench.markdown)."""

from django.core.management.base import BaseCommand

from reviews.markdown import MAX_BODY_CHARACTERS
from tools.bench.markdown import measure


class Command(BaseCommand):
    help = (
        "Render pathological Markdown bodies of the given sizes and print a Markdown table "
        "of the best CPU and wall-clock time of each (docs/robustness.md)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--sizes",
            default=f"10000,{MAX_BODY_CHARACTERS},{MAX_BODY_CHARACTERS * 2}",
            help="Comma-separated body sizes in characters (default: 10,000, the limit, twice it).",
        )
        parser.add_argument("--repeat", type=int, default=3, help="Runs per body; the best counts.")
        parser.add_argument(
            "--save",
            action="store_true",
            help="Also time a whole save (validation, rendering, the search index) of a new "
            "write-up with each body, in a transaction that is rolled back. Needs a migrated "
            "database.",
        )

    def handle(self, *args, sizes, repeat, save, **options):
        sizes = [int(size) for size in sizes.split(",")]
        header = "| input | characters | render, CPU ms | render, wall ms |"
        rule = "|---|---:|---:|---:|"
        if save:
            header += " save, CPU ms | save, wall ms |"
            rule += "---:|---:|"
        self.stdout.write(header)
        self.stdout.write(rule)
        for kind, size, rendered, saved in measure(sizes, repeat, with_save=save):
            row = f"| {kind} | {size:,} | {rendered[0]:,.0f} | {rendered[1]:,.0f} |"
            if save:
                row += f" {saved[0]:,.0f} | {saved[1]:,.0f} |" if saved else " refused | |"
            self.stdout.write(row)
