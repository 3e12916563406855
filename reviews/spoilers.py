"""Spoilers by episode: the Markdown spoiler block, the marker's words, and the fold.

A write-up's range is ``WriteUp.spoiler_range``; a reader's progress ("I have
watched up to episode N") is a cookie per show (reviews_site.watched). What
lies beyond the progress is folded when the page is rendered: the stored
``body_html`` is the same for every reader.
"""

import re

from django.utils.html import escape
from mdit_py_plugins.container import container_plugin

# The attributes a spoiler block carries through the sanitiser (reviews/markdown.py).
SPOILER_ATTRIBUTES = ("data-spoiler-from", "data-spoiler-to")

# ":::spoiler", ":::spoiler 8", ":::spoiler 5-8" (or an en dash).
_BLOCK_PARAMS = re.compile(r"^spoiler(?:\s+(\d{1,4})(?:\s*[-\u2013]\s*(\d{1,4}))?)?\s*$")
# A spoiler block as the sanitiser leaves it: its attributes, then its summary.
_RENDERED_BLOCK = re.compile(r'<details ([^>]*class="spoiler"[^>]*)><summary>([^<]*)</summary>')
_ATTRIBUTE = re.compile(r'(data-spoiler-from|data-spoiler-to)="(\d+)"')


def episodes_words(first, last):
    """ "episode 3", or "episodes 1" and an en dash and "4"."""
    return f"episode {first}" if first == last else f"episodes {first}\u2013{last}"


def marker_label(spoiler_range, episode_count=None):
    """What a card says of a write-up's spoilers: "Spoilers: episode 3", "Spoilers: ending"."""
    if spoiler_range is None:
        return ""
    first, last = spoiler_range
    if last is None:
        return "Spoilers"
    if episode_count and last >= episode_count:
        if first <= 1:
            return "Spoilers: ending"
        return f"Spoilers: {episodes_words(first, last)}, ending"
    return f"Spoilers: {episodes_words(first, last)}"


def is_ahead(spoiler_range, watched, episode_count=None):
    """Whether it gives away more than a reader who has watched ``watched`` episodes has seen.

    Nothing is ahead for a reader who has not said (``watched`` None). A piece
    with spoilers but no range is ahead until the reader has seen the whole show.
    """
    if spoiler_range is None or watched is None:
        return False
    last = spoiler_range[1]
    if last is None:
        return not episode_count or watched < episode_count
    return last > watched


def _block_range(params):
    match = _BLOCK_PARAMS.match(params.strip())
    if not match or not match[1]:
        return None
    first = int(match[1])
    last = int(match[2] or first)
    return (min(first, last), max(first, last))


def _render_block(renderer, tokens, idx, options, env):
    token = tokens[idx]
    if token.nesting != 1:
        return "</details>\n"
    spoiler_range = _block_range(token.info)
    if spoiler_range is None:
        return '<details class="spoiler"><summary>Spoiler</summary>\n'
    first, last = spoiler_range
    return (
        f'<details class="spoiler" data-spoiler-from="{first}" data-spoiler-to="{last}">'
        f"<summary>Spoiler ({episodes_words(first, last)})</summary>\n"
    )


def add_spoiler_blocks(parser):
    """Teach a markdown-it parser the ``:::spoiler`` block (mdit-py-plugins' container)."""
    container_plugin(
        parser,
        "spoiler",
        validate=lambda params, *args: bool(_BLOCK_PARAMS.match(params.strip())),
        render=_render_block,
    )


def fold_blocks(body_html, watched):
    """Spoiler blocks for a reader who has watched ``watched`` episodes.

    Blocks up to that episode open; later ones stay closed and say so. A
    reader who has not said gets the body as stored: every block closed.
    """
    if watched is None or "<details" not in body_html:
        return body_html

    def fold(match):
        attributes, summary = match[1], match[2]
        numbers = dict(_ATTRIBUTE.findall(attributes))
        if "data-spoiler-to" not in numbers:
            return match[0]
        if int(numbers["data-spoiler-to"]) <= watched:
            return f"<details {attributes} open><summary>{summary}</summary>"
        note = escape(f" — after episode {watched}, where you are")
        attributes = attributes.replace('class="spoiler"', 'class="spoiler spoiler--ahead"')
        return f"<details {attributes}><summary>{summary}<strong>{note}</strong></summary>"

    return _RENDERED_BLOCK.sub(fold, body_html)


_DETAILS_TAG = re.compile(r"(<details[\s>][^>]*>|<details>|</details>)")


def without_blocks(body_html):
    """The body with every spoiler block taken out (summaries of it: feeds), nested ones too."""
    if "<details" not in body_html:
        return body_html
    kept, depth = [], 0
    for part in _DETAILS_TAG.split(body_html):
        if part.startswith("<details"):
            depth += 1
        elif part == "</details>":
            depth = max(depth - 1, 0)
        elif depth == 0:
            kept.append(part)
    return "".join(kept)
