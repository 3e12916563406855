"""A reader's progress through a show, "I have watched up to episode N": a cookie per show.

No account: the cookie ``watched-<show pk>`` holds N. Views whose page folds
what comes later say so (``reads_watched_progress``); the page cache then keys
their pages by these cookies (reviews_site.middleware, docs/performance.md).
"""

import hashlib

COOKIE_PREFIX = "watched-"
COOKIE_MAX_AGE = 365 * 24 * 60 * 60
# Bigger than any show's episode count; a longer value is not a number we keep.
MAX_DIGITS = 4


def cookie_name(show_pk):
    return f"{COOKIE_PREFIX}{show_pk}"


def parse(value):
    """The episode number a cookie holds, or None for anything but a short run of digits."""
    if value and value.isascii() and value.isdigit() and len(value) <= MAX_DIGITS:
        return int(value)
    return None


def progress(request, show):
    """How far the reader has watched ``show`` (at most its episode count), or None."""
    watched = parse(request.COOKIES.get(cookie_name(show.pk)))
    if watched is not None and show.episode_count:
        watched = min(watched, show.episode_count)
    return watched


def reads_progress(view):
    """Whether ``view`` (a resolved view function) folds its page by the reader's progress."""
    view_class = getattr(view, "view_class", None)
    return bool(
        getattr(view, "reads_watched_progress", False)
        or getattr(view_class, "reads_watched_progress", False)
    )


def cache_key_part(request):
    """The reader's progress as a short key component: "" for a reader who has given none.

    Each progress cookie, read as ``progress()`` reads it (leading zeros,
    malformed values and unknown names fall away), so that two readers who
    get the same page share one copy.
    """
    found = []
    for name, value in request.COOKIES.items():
        show = name.removeprefix(COOKIE_PREFIX)
        watched = parse(value)
        if show != name and show.isascii() and show.isdigit() and watched is not None:
            found.append((int(show), watched))
    if not found:
        return ""
    normalised = ",".join(f"{show}={watched}" for show, watched in sorted(found))
    return f":watched-{hashlib.sha256(normalised.encode()).hexdigest()[:20]}"
