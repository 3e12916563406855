"""Worst-case Markdown: bodies built to be slow to render, and how long they take.

``manage.py markdown_timing`` prints the table kept in docs/robustness.md;
the body limit (``reviews.markdown.MAX_BODY_CHARACTERS``) was chosen from it.
Each kind repeats one pattern up to the size asked for. The kinds are the
classic traps of Markdown parsers (nested and unclosed emphasis, brackets
that might open links, deep nesting, huge tables) and, found by profiling,
what is slowest in markdown-it-py: a bracket that might open a link, and
straight quotes in one long paragraph (the smart-quotes rule copies the rest
of the paragraph at every quote, so it grows with the square of the length).
"""

import time
from functools import partial

from django.db import transaction
from django.utils import timezone

from reviews.markdown import MAX_BODY_CHARACTERS, reading_minutes, render_markdown


def fill(unit, size):
    """``unit`` repeated to exactly ``size`` characters."""
    return (unit * (size // len(unit) + 1))[:size]


def _table(size):
    head = "| Episode | Song | Singer | Notes |\n|---|---|---|---|\n"
    return head + fill(
        "| 1 | *Love Song* | Davichi | [link](https://example.com) |\n", size - len(head)
    )


def _wide_table(size):
    head = "|" + "a|" * 200 + "\n|" + "-|" * 200 + "\n"
    return head + fill("|" + "x|" * 200 + "\n", size - len(head))


def _deep_list(size):
    return fill("".join("  " * depth + "- item\n" for depth in range(100)), size)


KINDS = {
    "prose (an ordinary article)": lambda size: fill(
        "The lead's *quiet* grief and **Han Seon-woo**'s songs -- all of it, in "
        "[episode 2](https://example.com/ep2).\n\n",
        size,
    ),
    "table, many rows": _table,
    "table, 200 columns": _wide_table,
    "nested emphasis `*a **b ***c`": lambda size: fill("*a **b ***c", size),
    "unclosed emphasis `*a _b`": lambda size: fill("*a _b ", size),
    "alternating `**_`": lambda size: fill("**_", size),
    "many links": lambda size: fill("[link](https://example.com/a) ", size),
    "open brackets `[[[`": lambda size: fill("[", size),
    "open images `![a](`": lambda size: fill("![a](", size),
    "nested brackets `[[…]]`": lambda size: "[" * (size // 2) + "]" * (size - size // 2),
    "deep blockquote `>>>…`": lambda size: fill(">" * 1000 + " a\n", size),
    "deep list (100 levels)": _deep_list,
    "list items": lambda size: fill("- a\n", size),
    "quoted list lines `> - a`": lambda size: fill("> - a\n", size),
    "quotes `\"'` (smart quotes)": lambda size: fill("\"'", size),
    "quotes and apostrophes": lambda size: fill(" \"a' b\" 'c", size),
    "HTML shown as text": lambda size: fill("<div><script>x</script></div>", size),
}


def best_ms(work, repeat):
    """(best CPU ms, best wall ms) of ``work()`` over ``repeat`` runs.

    CPU time, because the machine is shared: it is what the work costs
    whatever else runs beside it.
    """
    cpu, wall = [], []
    for _ in range(repeat):
        started_cpu, started_wall = time.process_time(), time.perf_counter()
        work()
        cpu.append(time.process_time() - started_cpu)
        wall.append(time.perf_counter() - started_wall)
    return min(cpu) * 1000, min(wall) * 1000


def render(text):
    """What a save does with a new body."""
    render_markdown(text)
    reading_minutes(text)


def save(text):
    """A new write-up with this body validated and saved as the admin does, then rolled back."""
    from catalog.models import Show
    from reviews.models import WriteUp

    with transaction.atomic():
        show = Show.objects.create(title="Timing show", slug="markdown-timing-show")
        writeup = WriteUp(
            title="Timing", slug="markdown-timing", show=show, body=text,
            status=WriteUp.Status.PUBLISHED, published_at=timezone.now(),
        )  # fmt: skip
        writeup.full_clean()
        writeup.save()
        transaction.set_rollback(True)


def measure(sizes, repeat=3, with_save=False):
    """[(kind, size, render (cpu_ms, wall_ms), save (cpu_ms, wall_ms) or None)].

    A body over the limit is refused before it is saved: its save is not timed.
    """
    rows = []
    for kind, make in KINDS.items():
        for size in sizes:
            text = make(size)
            saves = with_save and size <= MAX_BODY_CHARACTERS
            saved = best_ms(partial(save, text), repeat) if saves else None
            rows.append((kind, size, best_ms(partial(render, text), repeat), saved))
    return rows
