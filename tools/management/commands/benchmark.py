"""Benchmark every public page type at two data sizes; write the results as Markdown.

See docs/benchmark.md for the method. ``--in-process`` is the child mode the
benchmark runs itself in, once per database.
"""

import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from catalog.models import Credit, Person, Show, Song
from reviews.models import WriteUp
from tools.bench.explain import explain_pages
from tools.bench.load import wrk_available
from tools.bench.pages import busiest_urls, measure_in_process, pick_urls
from tools.bench.report import render
from tools.bench.run import IN_PROCESS_MARKER, Options, run
from tools.synthetic import SCALES


class Command(BaseCommand):
    help = (
        "Measure every public page type (queries, in-process time; requests/s and latency "
        "under gunicorn + wrk), page cache off and on, with the fixtures alone and with a "
        "synthetic data set added, against a minimal view and a static file."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale",
            choices=sorted(SCALES),
            default="large",
            help="The synthetic data set added to the fixtures for the second size.",
        )
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--database-url", help="A PostgreSQL URL; default: SQLite files.")
        parser.add_argument("--workdir", type=Path, default=settings.BASE_DIR / "var" / "benchmark")
        parser.add_argument(
            "--requests",
            type=int,
            default=200,
            help="In-process requests per page (the median is reported).",
        )
        parser.add_argument("--warmup", type=int, default=20)
        parser.add_argument("--duration", type=int, default=10, help="wrk seconds per page.")
        parser.add_argument("--connections", type=int, default=16)
        parser.add_argument("--threads", type=int, default=1, help="wrk threads.")
        parser.add_argument("--no-load", action="store_true", help="Skip gunicorn and wrk.")
        parser.add_argument(
            "--reuse-databases",
            action="store_true",
            help="Keep databases an earlier run built with the same recipe.",
        )
        parser.add_argument("--output", type=Path, help="Markdown report (default: in workdir).")
        parser.add_argument("--in-process", action="store_true", help="Internal: child mode.")
        parser.add_argument(
            "--urls-file", type=Path, help="Internal: the addresses to measure, as JSON."
        )
        parser.add_argument(
            "--explain",
            action="store_true",
            help="Print the plan of every query of every page, on the database of this "
            "process (DATABASE_URL), then stop.",
        )

    def handle(self, *args, **options):
        if options["explain"]:
            explain_pages(pick_urls() | busiest_urls(), self.stdout.write)
            return
        if options["in_process"]:
            self.measure_here(options)
            return
        if not options["no_load"] and not wrk_available():
            raise CommandError("wrk is not installed (apt-get install wrk), or pass --no-load.")
        if min(options["requests"], options["duration"], options["connections"]) < 1:
            raise CommandError("--requests, --duration and --connections must be at least 1.")
        workdir = options["workdir"].resolve()
        results = run(
            Options(
                scale=options["scale"],
                seed=options["seed"],
                database_url=options["database_url"],
                workdir=workdir,
                requests=options["requests"],
                warmup=options["warmup"],
                duration=options["duration"],
                connections=options["connections"],
                threads=options["threads"],
                load=not options["no_load"],
                reuse=options["reuse_databases"],
            ),
            log=self.log,
        )
        output = options["output"] or workdir / "benchmark.md"
        output.write_text(render(results))
        output.with_suffix(".json").write_text(json.dumps(results, indent=2))
        self.stdout.write(self.style.SUCCESS(f"Report written to {output}"))

    def log(self, message):
        """Progress as it happens, even when the output goes to a file (CI logs)."""
        self.stdout.write(message)
        self.stdout.flush()

    def measure_here(self, options):
        counts = {
            str(model._meta.verbose_name_plural): model.objects.count()
            for model in (Show, Person, Credit, Song, WriteUp)
        }
        version = ".".join(str(part) for part in connection.get_database_version())
        database = f"{connection.display_name} {version}"
        if options["urls_file"]:
            urls = json.loads(options["urls_file"].read_text()) | busiest_urls()
        else:
            urls = pick_urls()
        pages = measure_in_process(urls, requests=options["requests"], warmup=options["warmup"])
        result = {"database": database, "counts": counts, "pages": pages}
        self.stdout.write(IN_PROCESS_MARKER + json.dumps(result))
