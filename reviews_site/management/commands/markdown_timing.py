"""Time the rendering of worst-case Markdown bodies (reviews_site.bench.markdown)."""

from django.core.management.base import BaseCommand

from reviews.markdown import MAX_BODY_CHARACTERS
from reviews_site.bench.markdown import measure


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

    def handle(self, *args, sizes, repeat, **options):
        sizes = [int(size) for size in sizes.split(",")]
        self.stdout.write("| input | characters | render, CPU ms | render, wall ms |")
        self.stdout.write("|---|---:|---:|---:|")
        for kind, size, cpu_ms, wall_ms in measure(sizes, repeat):
            self.stdout.write(f"| {kind} | {size:,} | {cpu_ms:,.0f} | {wall_ms:,.0f} |")
