"""How a rating is written, everywhere: on pages, cards, feeds' neighbours and JSON-LD.

One scale for every derived rating (a write-up's overall, a show's average)
and one rounding rule for every number shown, so that a card, a ranking and
a page never disagree about the same score ("8.75" on one, "8.8" on another).
The markup is in reviews/templatetags/ratings.py.
"""

from decimal import ROUND_HALF_UP, Decimal

# Every derived rating is expressed on this scale, whatever the scales of its scores.
RATING_SCALE = Decimal(10)
# Shown to one decimal place, halves rounded up: 8.75 is 8.8 wherever it appears.
SHOWN_PLACES = Decimal("0.1")


def rating_text(value):
    """A rating or score as text to one decimal place ("8.8", "4.9", "10.0"); exact, no float."""
    return str(Decimal(str(value)).quantize(SHOWN_PLACES, rounding=ROUND_HALF_UP))


def scale_text(scale):
    """A scale as written ("5", "10", "100", "7.5"): no trailing zeros."""
    return f"{Decimal(str(scale)).normalize():f}"
