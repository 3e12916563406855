"""Build (or remove) a synthetic catalog and write-ups for benchmarks and load tests."""

import time

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS

from tools.synthetic import SCALES, Counts
from tools.synthetic.build import SyntheticDataExists, clear, generate


class Command(BaseCommand):
    help = (
        "Generate a synthetic, clearly marked data set (slugs start with 'syn-') at a scale "
        "(tiny, small, large) or with explicit counts, reproducibly from --seed; "
        "--clear removes the synthetic rows and nothing else."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=sorted(SCALES), default="large")
        for name in Counts.__dataclass_fields__:
            parser.add_argument(
                f"--{name}", type=int, help=f"Number of {name} (overrides the scale)."
            )
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--clear", action="store_true", help="Remove every synthetic row, then stop."
        )
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args, **options):
        using = options["database"]
        started = time.perf_counter()
        if options["clear"]:
            removed = clear(using)
            total = sum(removed.values())
            self.stdout.write(f"Removed {total} synthetic rows in {self.elapsed(started)}.")
            return
        scale = SCALES[options["scale"]]
        counts = Counts(
            **{
                name: options[name] if options[name] is not None else getattr(scale, name)
                for name in Counts.__dataclass_fields__
            }
        )
        if min(vars(counts).values()) < 1:
            raise CommandError("Every count must be at least 1.")
        self.stdout.write(f"Generating {counts} with seed {options['seed']}:")
        try:
            generate(counts, seed=options["seed"], using=using, log=self.stdout.write)
        except SyntheticDataExists as error:
            raise CommandError(str(error)) from None
        self.stdout.write(self.style.SUCCESS(f"Done in {self.elapsed(started)}."))

    @staticmethod
    def elapsed(started):
        return f"{time.perf_counter() - started:.1f} s"
