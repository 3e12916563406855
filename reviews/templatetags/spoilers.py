"""Spoiler markers and folds in templates: reviews/spoilers.py has the rules."""

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from ..spoilers import fold_blocks, is_ahead, marker_label

register = template.Library()


def _progress(watched):
    """The reader's progress from the context; a page that passes none ("") folds nothing."""
    return watched if isinstance(watched, int) else None


@register.simple_tag
def spoiler_marker(writeup, episode_count=None):
    """The badge "Spoilers: episode 3" for a write-up with spoilers, or nothing.

    Reads only columns of the write-up row (and its episode's number, selected
    with it): no query on a card.
    """
    label = marker_label(writeup.spoiler_range, episode_count)
    if not label:
        return ""
    return format_html('<span class="badge badge--spoiler">{}</span>', label)


@register.simple_tag
def spoiler_ahead(writeup, watched, episode_count=None):
    """Whether the write-up gives away more than the reader has watched."""
    return is_ahead(writeup.spoiler_range, _progress(watched), episode_count)


@register.filter
def fold_spoilers(body_html, watched):
    """Open the spoiler blocks the reader has watched; mark the later ones (sanitised HTML in)."""
    return mark_safe(fold_blocks(body_html, _progress(watched)))


@register.simple_tag
def spoiler_scope(writeup, episode_count=None):
    """What "at a glance" says of spoilers: "None", "Episode 3", "Up to the ending"."""
    label = marker_label(writeup.spoiler_range, episode_count)
    if not label:
        return "None"
    scope = label.partition(": ")[2]
    if not scope:
        return "Yes (the episodes are not given)"
    if scope == "ending":
        return "Up to the ending"
    return scope[0].upper() + scope[1:]
