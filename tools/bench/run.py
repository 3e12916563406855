"""One benchmark run: build both databases, measure in-process, then under load."""

import json
import os
import platform
import shlex
import sys
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import django

from .databases import build, child_environment, data_sets, manage
from .load import fetch, gunicorn, run_wrk
from .pages import CACHE_SECONDS

IN_PROCESS_MARKER = "BENCH_JSON "
WARM_REQUESTS = 5


@dataclass(frozen=True)
class Options:
    scale: str
    seed: int
    database_url: str | None
    workdir: Path
    requests: int
    warmup: int
    duration: int
    connections: int
    threads: int
    load: bool
    reuse: bool


def in_process(environment, options, urls_file=None):
    """Measure in a child process bound to the data set's database (settings are per process).

    The first data set picks the addresses; the next measures the same (``urls_file``).
    """
    arguments = ["benchmark", "--in-process", f"--requests={options.requests}"]
    arguments.append(f"--warmup={options.warmup}")
    if urls_file:
        arguments.append(f"--urls-file={urls_file}")
    output = manage(arguments, environment, capture=True)
    line = next(line for line in output.splitlines() if line.startswith(IN_PROCESS_MARKER))
    return json.loads(line.removeprefix(IN_PROCESS_MARKER))


def under_load(environment, urls, options, log_path, log):
    results = {}
    with gunicorn(environment, log_path) as base:
        for name, url in urls.items():
            for _ in range(WARM_REQUESTS):
                fetch(base + url)
            results[name] = run_wrk(
                base + url,
                duration=options.duration,
                connections=options.connections,
                threads=options.threads,
            )
            log(f"    {name}: {results[name]['rps']:,.0f} req/s")
    return results


def run(options, log):
    options.workdir.mkdir(parents=True, exist_ok=True)
    environment = child_environment(options.workdir)
    log("Collecting static files (manifest storage, as in production).")
    manage(["collectstatic", "--no-input", "-v0"], environment)
    results = {"meta": _meta(options), "data_sets": []}
    urls_file = None
    for data_set in data_sets(options.scale, options.database_url, options.workdir):
        generation = build(
            data_set, environment, options.workdir, seed=options.seed, reuse=options.reuse, log=log
        )
        bound = {**environment, "DATABASE_URL": data_set.url}
        log(f"Measuring {data_set.name} in-process.")
        measured = in_process(bound, options, urls_file)
        if urls_file is None:
            urls_file = options.workdir / "urls.json"
            urls_file.write_text(
                json.dumps({name: page["url"] for name, page in measured["pages"].items()})
            )
        entry = {"name": data_set.name, "generation_seconds": generation, **measured}
        if options.load:
            urls = {name: page["url"] for name, page in measured["pages"].items()}
            log_path = options.workdir / f"gunicorn-{data_set.name}.log"
            entry["load"] = {}
            for mode, seconds in (("uncached", 0), ("cached", CACHE_SECONDS)):
                log(f"  Under load, page cache {mode}:")
                entry["load"][mode] = under_load(
                    {**bound, "PAGE_CACHE_SECONDS": str(seconds)}, urls, options, log_path, log
                )
        results["data_sets"].append(entry)
    return results


def _meta(options):
    return {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": f"{os.cpu_count()} CPU(s), {platform.machine()}, {platform.system()}",
        "software": f"Python {platform.python_version()}, Django {django.get_version()}",
        "command": shlex.join(["python", "manage.py", *sys.argv[1:]]),
        "requests": options.requests,
        "warmup": options.warmup,
        "duration": options.duration,
        "connections": options.connections,
        "threads": options.threads,
    }
