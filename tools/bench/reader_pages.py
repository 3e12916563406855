"""In-process timing of every reader page type, paired with the minimal view.

Run from the project root against a migrated database holding the launch
content (docs/performance.md, "Reader pages")::

    .venv/bin/python -m tools.bench.reader_pages [requests] [--cpu] [page name words]

Production-like settings, page cache off. Each page's requests alternate with
the minimal view's (tools.bench.pages), so both medians see the same machine.
``--cpu`` times the process's CPU rather than the wall clock: steadier on a
machine other work shares.
"""

import os
import sys
import time
from functools import partial


def _counted(queries, execute, sql, *args):
    queries.append(sql)
    return execute(sql, *args)


def main(requests=60, cpu=False, only=()):
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
    from django.urls import reverse

    from catalog.models import Episode, Song
    from reviews.models import Author, WriteUp

    from . import pages
    from .pages import _durations, _timed_with_reference, busiest

    if cpu:
        pages.time = type("Clock", (), {"perf_counter": staticmethod(time.process_time)})

    show, writeup, person, tag = busiest()
    author = Author.objects.filter(bylines__writeup__in=WriteUp.objects.published()).first()
    urls = {
        "layout (no query)": reverse("bench_layout"),
        "home": reverse("reviews:home"),
        "write-up list": reverse("reviews:writeup_list"),
        "write-up detail": writeup.get_absolute_url(),
        "show list": reverse("catalog:show_list"),
        "show detail": show.get_absolute_url(),
        "episode detail": Episode.objects.filter(show=show).first().get_absolute_url(),
        "person list": reverse("catalog:person_list"),
        "person detail": person.get_absolute_url(),
        "song list": reverse("catalog:song_list"),
        "song detail": Song.objects.first().get_absolute_url(),
        "tag page": reverse("reviews:tag_detail", kwargs={"slug": tag.slug}),
        "author page": author.get_absolute_url(),
        "search": reverse("reviews:search") + "?q=love",
        "feed": reverse("reviews:feed_latest"),
        "sitemap": reverse("sitemap"),
    }
    minimal_url = reverse("bench_minimal")
    client = Client()
    print(f"{'page':20} {'ms':>7} {'minimal':>8} {'ratio':>6} {'queries':>7}")
    for name, url in urls.items():
        if only and not any(word in name for word in only):
            continue
        _durations(client, url, 5)
        queries = []
        with connection.execute_wrapper(partial(_counted, queries)):
            client.get(url)
        page_ms, minimal_ms = _timed_with_reference(client, url, minimal_url, requests)
        print(
            f"{name:20} {page_ms:7.2f} {minimal_ms:8.2f} {page_ms / minimal_ms:6.1f} "
            f"{len(queries):7}"
        )


if __name__ == "__main__":
    main(
        *(int(arg) for arg in sys.argv[1:2] if arg.isdigit()),
        cpu="--cpu" in sys.argv,
        only=[arg for arg in sys.argv[1:] if not arg.isdigit() and arg != "--cpu"],
    )
