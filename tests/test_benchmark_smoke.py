"""The benchmark's in-process part runs end to end at a tiny scale, so it cannot rot.

Its numbers are not asserted (they depend on the machine); what is checked is
that every page type is found, answers 200 and is measured at both data
sizes, that a cached page runs no query, and that the report says it all.
The full run (gunicorn and wrk too) is CI's job:
``manage.py benchmark --scale tiny --duration 2 --requests 20``.

This module is also the URLconf of its tests: the site plus the reference view.
"""

import json

import pytest
from django.core.management import call_command
from django.urls import path

from reviews_site.urls import urlpatterns as site_urlpatterns
from tools import bench_views
from tools.bench.pages import (
    LAYOUT,
    MINIMAL,
    PAGE_TYPES,
    STATIC,
    busiest_urls,
    measure_in_process,
    pick_urls,
)
from tools.bench.report import render, targets
from tools.bench.run import IN_PROCESS_MARKER

pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]

urlpatterns = [
    *site_urlpatterns,
    path("bench/minimal/", bench_views.minimal, name="bench_minimal"),
    path("bench/layout/", bench_views.layout, name="bench_layout"),
]
FIXTURES = ["fixtures/catalog.json", "fixtures/writeups.json"]


def measure(urls):
    return measure_in_process(urls, requests=3, warmup=1)


def test_every_page_type_is_measured_at_both_sizes_and_reported():
    call_command("loaddata", *FIXTURES, verbosity=0)
    urls = pick_urls()
    assert list(urls) == [*PAGE_TYPES, MINIMAL, LAYOUT, STATIC]
    fixtures = measure(urls)
    call_command("generate_synthetic", scale="tiny", stdout=None)
    tiny = measure(urls | busiest_urls())

    for pages in (fixtures, tiny):
        for name in PAGE_TYPES:
            assert pages[name]["queries"] >= 1, name
            assert pages[name]["cached_queries"] == 0, f"{name} is served from the cache"
            assert pages[name]["bytes"] > 0, name
        assert pages[MINIMAL]["queries"] == pages[LAYOUT]["queries"] == 0
        assert pages[STATIC]["queries"] == 0
    assert {name for name in tiny if "busiest" in name or "most" in name}

    results = {
        "meta": {
            "date": "today",
            "machine": "test",
            "software": "test",
            "command": "manage.py benchmark",
            "requests": 3,
            "warmup": 1,
            "duration": 1,
            "connections": 1,
            "threads": 1,
        },
        "data_sets": [
            {"name": "fixtures", "database": "test", "counts": {"shows": 1}, "pages": fixtures},
            {"name": "tiny", "database": "test", "counts": {"shows": 2}, "pages": tiny},
        ],
    }
    report = render(results)
    assert "## Targets" in report
    assert "Same queries per page at both sizes" in report
    for name in [*PAGE_TYPES, MINIMAL, LAYOUT, STATIC]:
        assert f"| {name} |" in report
    assert all(tiny[name]["minimal_ms"] > 0 for name in PAGE_TYPES)
    assert "(each against the minimal view measured alongside)" in report


def page(ms, minimal_ms):
    return {"url": "/", "queries": 1, "median_ms": ms, "minimal_ms": minimal_ms}


def test_growth_is_judged_against_the_minimal_view_measured_alongside():
    """A data set measured while the machine ran at half speed does not pass for growth."""
    small = {name: page(10.0, 0.5) for name in PAGE_TYPES}
    slow_machine = {name: page(30.0, 1.0) for name in PAGE_TYPES}
    slower_page = {**slow_machine, "feed": page(50.0, 1.0)}

    def growth_row(large_pages):
        data_sets = [
            {"name": "fixtures", "pages": small},
            {"name": "large", "pages": large_pages},
        ]
        return next(row for row in targets({"data_sets": data_sets}) if "≤" in row[0])

    assert growth_row(slow_machine)[1:] == ("1.50x (home; 3.00x unpaired)", True)
    assert growth_row(slower_page)[1:] == ("2.50x (feed; 5.00x unpaired)", False)


def test_the_child_mode_prints_its_measurements_as_json(capsys):
    call_command("loaddata", *FIXTURES, verbosity=0)
    call_command("benchmark", in_process=True, requests=2, warmup=1)
    line = next(
        line for line in capsys.readouterr().out.splitlines() if line.startswith(IN_PROCESS_MARKER)
    )
    measured = json.loads(line.removeprefix(IN_PROCESS_MARKER))
    assert set(measured) == {"database", "counts", "pages"}
    assert set(PAGE_TYPES) <= set(measured["pages"])
