"""In-process timing of every reader page type, paired with the minimal view.

Run from the project root against a migrated database holding the launch
content (docs/performance.md, "Reader pages")::

    .venv/bin/python -m tools.bench.reader_pages [requests] [--cpu | --load] [--urls=FILE] [words]

Production-like settings, page cache off. Each page's requests alternate with
the minimal view's (tools.bench.pages), so both medians see the same machine.
``--cpu`` times the process's CPU rather than the wall clock: steadier on a
machine other work shares. ``--load`` measures requests/s instead, under the
benchmark's load settings (gunicorn, 2 sync workers; wrk, 16 connections),
each page in alternating runs with the minimal view.
"""

import json
import os
import sys
import time
from functools import partial
from pathlib import Path


def _counted(queries, execute, sql, *args):
    queries.append(sql)
    return execute(sql, *args)


def main(requests=60, cpu=False, only=(), load=False, urls_file=None):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "reviews_site.settings")
    os.environ.update(
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY=os.environ.get("DJANGO_SECRET_KEY", "x" * 60),
        PAGE_CACHE_SECONDS="0",
        BENCHMARK_VIEWS="true",
        DJANGO_SECURE_SSL_REDIRECT="false",
        DJANGO_ALLOWED_HOSTS="testserver",
    )
    import django

    django.setup()
    from django.db import connection
    from django.test import Client

    from . import pages
    from .pages import _durations, _timed_with_reference

    if cpu:
        pages.time = type("Clock", (), {"perf_counter": staticmethod(time.process_time)})

    # --urls=FILE: the addresses a benchmark run picked (its work directory's urls.json),
    # to measure the same pages in another database.
    picked = json.loads(Path(urls_file).read_text()) if urls_file else pages.pick_urls()
    urls = {name: picked[name] for name in (pages.LAYOUT, pages.STOCK) if name in picked}
    urls.update((name, picked[name]) for name in pages.PAGE_TYPES)
    minimal_url = picked[pages.MINIMAL]
    urls = {name: url for name, url in urls.items() if not only or any(w in name for w in only)}
    if load:
        return under_load(urls, minimal_url)
    client = Client()
    print(f"{'page':34} {'ms':>7} {'minimal':>8} {'ratio':>6} {'queries':>7}")
    for name, url in urls.items():
        _durations(client, url, 5)
        queries = []
        with connection.execute_wrapper(partial(_counted, queries)):
            client.get(url)
        page_ms, minimal_ms = _timed_with_reference(client, url, minimal_url, requests)
        print(
            f"{name:34} {page_ms:7.2f} {minimal_ms:8.2f} {page_ms / minimal_ms:6.1f} "
            f"{len(queries):7}"
        )


def under_load(urls, minimal_url, rounds=2, seconds=3):
    """Requests/s of each page and of the minimal view, in alternating wrk runs."""
    import statistics
    import tempfile

    from django.conf import settings

    from .databases import child_environment
    from .load import gunicorn, run_wrk

    workdir = tempfile.mkdtemp()
    environment = child_environment(
        workdir, PAGE_CACHE_SECONDS="0", DJANGO_STATIC_ROOT=str(settings.STATIC_ROOT)
    )
    print(f"{'page':34} {'req/s':>7} {'minimal':>8} {'ratio':>6}")
    with gunicorn(environment, os.path.join(workdir, "gunicorn.log")) as base:
        for name, url in urls.items():
            page, minimal = [], []
            for _ in range(rounds):
                for runs, address in ((minimal, minimal_url), (page, url)):
                    result = run_wrk(base + address, duration=seconds, connections=16, threads=1)
                    if result["errors"]:
                        raise RuntimeError(f"{address}: {result}")
                    runs.append(result["rps"])
            page_rps, minimal_rps = statistics.median(page), statistics.median(minimal)
            print(f"{name:34} {page_rps:7.0f} {minimal_rps:8.0f} {page_rps / minimal_rps:6.3f}")


if __name__ == "__main__":
    main(
        *(int(arg) for arg in sys.argv[1:2] if arg.isdigit()),
        cpu="--cpu" in sys.argv,
        only=[arg for arg in sys.argv[1:] if not arg.isdigit() and not arg.startswith("--")],
        load="--load" in sys.argv,
        urls_file=next((arg[7:] for arg in sys.argv if arg.startswith("--urls=")), None),
    )
