"""The one rating component: every score and rating a reader sees is written here.

An author's score on its own scale ("4.9 / 5"); a derived rating on the
site's scale, labelled as derived ("9.7 / 10 derived"), never as a score
someone gave; a show's rating with the number of scored write-ups it rests
on; an unscored review saying so. One rounding rule (reviews.ratings).
Simple tags rather than an include: cards call them in loops, and an include
per card was measurably slower (docs/performance.md, "Reader pages").
"""

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from ..models import WriteUp
from ..ratings import RATING_SCALE, rating_text, scale_text

register = template.Library()


def _rating(value, scale, css, note=""):
    return format_html(
        '<span class="{}"><span class="visually-hidden">Rated </span>{}'
        '<span class="rating__scale"> / {}</span>{}</span>',
        css,
        rating_text(value),
        scale_text(scale),
        note,
    )


@register.simple_tag
def score_rating(score):
    """One author's score on its own scale: "4.9 / 5"."""
    return _rating(score.value, score.scale, "rating")


@register.simple_tag
def derived_rating(value, source="its scores"):
    """A rating the site worked out, on the site's scale: "9.7 / 10 derived"."""
    hidden = format_html('<span class="visually-hidden"> from {}</span>', source) if source else ""
    note = format_html(' <span class="rating__note">derived{}</span>', hidden)
    return _rating(value, RATING_SCALE, "rating rating--derived", note)


@register.simple_tag
def writeup_rating(writeup):
    """A write-up's derived rating; "Not scored" for a review without scores; else nothing."""
    if writeup.rating is not None:
        return derived_rating(writeup.rating)
    if writeup.kind == WriteUp.Kind.REVIEW:
        return mark_safe('<span class="rating rating--none">Not scored</span>')
    return ""


@register.simple_tag
def show_rating(average, count):
    """A show's rating and how many scored write-ups it rests on, or that none has a score."""
    if not count or average is None:
        return mark_safe('<span class="rating rating--none">No scored write-ups yet</span>')
    return format_html(
        '{} <span class="meta">from {} scored write-up{}</span>',
        derived_rating(average, source=""),
        count,
        "" if count == 1 else "s",
    )
