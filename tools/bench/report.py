"""The benchmark's results as Markdown: targets first, then each data set, then the comparison.

Every page is given as a ratio to the references measured in the same run:
in-process time as a multiple of the minimal view's, throughput as a share
of the minimal view's (uncached pages) or of the static file's (cached).
"""

from .pages import LAYOUT, MINIMAL, PAGE_TYPES, STATIC, STOCK

MAX_QUERIES = 8
UNCACHED_SHARE = 0.15  # of the minimal view's requests/s (issue 14)
CACHED_SHARE = 0.8  # of the static file's requests/s
MAX_GROWTH = 2.0  # in-process time, large data set / fixtures


def _ratio(value, reference):
    return value / reference if reference else float("nan")


def _pages(measured):
    """The measurements of pages, without the references."""
    references = (MINIMAL, LAYOUT, STATIC, STOCK)
    return {name: value for name, value in measured.items() if name not in references}


def _growth(small, large):
    """(growth judged, plain growth, whether judged paired) from ``small`` to ``large``.

    Paired: each time is first divided by the minimal view's median taken in
    the same minutes (pages.measure_one), so a machine that was slower while
    one data set was measured does not pass for growth. Without those
    references, the plain ratio of the two times is judged.
    """
    plain = _ratio(large["median_ms"], small["median_ms"])
    if small.get("minimal_ms") and large.get("minimal_ms"):
        return plain * small["minimal_ms"] / large["minimal_ms"], plain, True
    return plain, plain, False


def _mark(met):
    if met is None:
        return "n/a"
    return "yes" if met else "**no**"


def targets(results):
    """(target, figure, met) rows for the run."""
    small, large = results["data_sets"]
    rows = []
    for data_set in (small, large):
        worst = max(_pages(data_set["pages"]).items(), key=lambda item: item[1]["queries"])
        rows.append(
            (
                f"At most {MAX_QUERIES} queries per uncached page ({data_set['name']})",
                f"{worst[1]['queries']} ({worst[0]})",
                worst[1]["queries"] <= MAX_QUERIES,
            )
        )
    differing = [
        name
        for name in PAGE_TYPES
        if small["pages"][name]["queries"] != large["pages"][name]["queries"]
    ]
    rows.append(
        (
            "Same queries per page at both sizes",
            ", ".join(differing) or "all equal",
            not differing,
        )
    )
    growth = {name: _growth(small["pages"][name], large["pages"][name]) for name in PAGE_TYPES}
    name, (worst_growth, raw, paired) = max(growth.items(), key=lambda item: item[1][0])
    rows.append(
        (
            f"In-process time at {large['name']} ≤ {MAX_GROWTH:g}x the fixtures'"
            + (" (each against the minimal view measured alongside)" if paired else ""),
            f"{worst_growth:.2f}x ({name}" + (f"; {raw:.2f}x unpaired)" if paired else ")"),
            worst_growth <= MAX_GROWTH,
        )
    )
    for data_set in (small, large):
        load = data_set.get("load")
        if not load:
            continue
        uncached, cached = load["uncached"], load["cached"]
        share = {n: _ratio(uncached[n]["rps"], uncached[MINIMAL]["rps"]) for n in _pages(uncached)}
        name, low = min(share.items(), key=lambda item: item[1])
        rows.append(
            (
                f"Uncached req/s ≥ {UNCACHED_SHARE:g}x the minimal view's ({data_set['name']})",
                f"{low:.2f}x ({name})",
                low >= UNCACHED_SHARE,
            )
        )
        if LAYOUT in uncached:
            # Not a target: what the layout alone leaves the pages within it.
            layout = _ratio(uncached[LAYOUT]["rps"], uncached[MINIMAL]["rps"])
            rows.append(
                (
                    f"(reference) the site's layout with no query, req/s ({data_set['name']})",
                    f"{layout:.2f}x the minimal view's",
                    None,
                )
            )
        if STOCK in uncached:
            stock = _ratio(uncached[STOCK]["rps"], uncached[MINIMAL]["rps"])
            rows.append(
                (
                    f"(reference) Django's ListView, 20 titles, req/s ({data_set['name']})",
                    f"{stock:.2f}x the minimal view's",
                    None,
                )
            )
        share = {n: _ratio(cached[n]["rps"], cached[STATIC]["rps"]) for n in _pages(cached)}
        name, low = min(share.items(), key=lambda item: item[1])
        rows.append(
            (
                f"Cached req/s ≥ {CACHED_SHARE:g}x the static file's ({data_set['name']})",
                f"{low:.2f}x ({name})",
                low >= CACHED_SHARE,
            )
        )
    return rows


def _table(header, rows):
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def _in_process_table(data_set):
    pages = data_set["pages"]
    minimal = pages.get(MINIMAL, {}).get("median_ms")
    rows = []
    for name, page in pages.items():
        # Against the minimal view's requests taken alongside, when there were any.
        reference = page.get("minimal_ms") or minimal
        rows.append(
            (
                name,
                f"`{page['url']}`",
                page["queries"],
                f"{page['median_ms']:.2f}",
                f"{_ratio(page['median_ms'], reference):.1f}x" if reference else "",
                f"{page['cached_median_ms']:.2f}",
                page["cached_queries"],
                f"{page['bytes']:,}",
            )
        )
    header = [
        "page",
        "address",
        "queries",
        "uncached ms",
        "x minimal",
        "cached ms",
        "cached queries",
        "bytes",
    ]
    return _table(header, rows)


def _load_table(data_set):
    uncached, cached = data_set["load"]["uncached"], data_set["load"]["cached"]
    minimal, static = uncached[MINIMAL]["rps"], cached[STATIC]["rps"]
    rows = []
    for name in uncached:
        one, two = uncached[name], cached[name]
        rows.append(
            (
                name,
                f"{one['rps']:,.0f}",
                f"{_ratio(one['rps'], minimal):.2f}",
                f"{one['p50_ms']:.1f} / {one['p99_ms']:.1f}",
                f"{two['rps']:,.0f}",
                f"{_ratio(two['rps'], static):.2f}",
                f"{two['p50_ms']:.1f} / {two['p99_ms']:.1f}",
                one["errors"] + two["errors"],
            )
        )
    header = [
        "page",
        "uncached req/s",
        "x minimal",
        "p50 / p99 ms",
        "cached req/s",
        "x static",
        "p50 / p99 ms",
        "errors",
    ]
    return _table(header, rows)


def _comparison_table(results):
    small, large = results["data_sets"]
    rows = []
    for name in PAGE_TYPES:
        one, two = small["pages"][name], large["pages"][name]
        growth, plain, paired = _growth(one, two)
        rows.append(
            (
                name,
                one["queries"],
                two["queries"],
                f"{one['median_ms']:.2f}",
                f"{two['median_ms']:.2f}",
                f"{plain:.2f}x",
                f"{growth:.2f}x" if paired else "",
            )
        )
    header = [
        "page",
        f"queries ({small['name']})",
        f"queries ({large['name']})",
        f"ms ({small['name']})",
        f"ms ({large['name']})",
        "growth",
        "growth, each x minimal alongside",
    ]
    return _table(header, rows)


def render(results):
    meta = results["meta"]
    parts = [
        "# Benchmark results",
        f"Run {meta['date']} on {meta['machine']}; {meta['software']}; database: "
        f"{results['data_sets'][0]['database']}.",
        f"Command: `{meta['command']}`",
        f"In-process: Django's test client, anonymous reader, median of {meta['requests']} "
        f"requests after {meta['warmup']} warm-up requests. Under load: gunicorn with 2 sync "
        f"workers; wrk with {meta['connections']} connections and {meta['threads']} thread(s) "
        f"for {meta['duration']} s per address, from a second process on the same machine.",
        "## Targets",
        _table(["target", "figure", "met"], [(t, f, _mark(m)) for t, f, m in targets(results)]),
    ]
    for data_set in results["data_sets"]:
        counts = ", ".join(f"{count:,} {name}" for name, count in data_set["counts"].items())
        generated = data_set.get("generation_seconds")
        parts += [
            f"## Data set: {data_set['name']}",
            counts + (f" (synthetic data generated in {generated:.0f} s)." if generated else "."),
            "### In-process",
            _in_process_table(data_set),
        ]
        if data_set.get("load"):
            parts += ["### Under load", _load_table(data_set)]
    parts += ["## Both data sets", _comparison_table(results)]
    return "\n\n".join(parts) + "\n"
