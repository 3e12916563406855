"""Text as editors mean it: no control characters, whatever path a row is saved by.

A word processor's soft line break pastes as ``\\x0b``; other control
characters come with text copied from PDFs and terminals. Pages show them as
nothing, but XML 1.0 cannot carry them, so a single one in a title broke
every feed that listed the piece. ``clean_text`` keeps tab and newline and
no other control character (Unicode category Cc): the ones that end a line
(``\\r\\n``, a lone ``\\r``, vertical tab, form feed, the separators
U+001C-U+001E and U+0085) become a newline (a space in a one-line field),
so the words either side stay apart; the rest are dropped, with what is
never text (lone surrogates, U+FFFE, U+FFFF).

``connect_cleaning`` applies it to every ``CharField`` and ``TextField`` of the
content models on ``pre_save``. A signal rather than a model mixin: it also
reaches loaddata's raw saves (which skip ``Model.save``), taggit's tags and
the small models without a shared base (alternative titles, credits,
scores), and a model added later is covered without anyone remembering to.
Rows written by ``QuerySet.update()`` or raw SQL skip it: the feeds clean
what they emit too (reviews.feeds).
"""

import re
from functools import cache

from django.apps import apps
from django.db import models
from django.db.models.signals import pre_save

from .cache import CONTENT_APPS

_LINE_ENDS = re.compile(r"\r\n?|[\x0b\x0c\x1c-\x1e\x85]")
_NOT_TEXT = re.compile(r"[\x00-\x08\x0e-\x1b\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")


def clean_text(value, line_end="\n"):
    """``value`` without control characters other than tab and newline (see above)."""
    if not isinstance(value, str):
        return value
    return _NOT_TEXT.sub("", _LINE_ENDS.sub(line_end, value))


@cache
def _text_fields(model):
    """(attname, line end) of each text column: a browser's one-line box cannot hold a newline."""
    return [
        (field.attname, "\n" if isinstance(field, models.TextField) else " ")
        for field in model._meta.concrete_fields
        if isinstance(field, models.CharField | models.TextField)
    ]


def _clean_instance(sender, instance, **kwargs):
    for attname, line_end in _text_fields(sender):
        value = instance.__dict__.get(attname)  # a deferred field is not loaded for this
        if isinstance(value, str):
            cleaned = clean_text(value, line_end)
            if cleaned != value:
                instance.__dict__[attname] = cleaned


def connect_cleaning():
    """Connect the receiver to every model of the content apps (called from ready())."""
    for label in CONTENT_APPS:
        for model in apps.get_app_config(label).get_models():
            if model._meta.managed:
                pre_save.connect(_clean_instance, sender=model, dispatch_uid=f"clean-text:{model}")
