"""Repair stored slugs that have no address: empty ones, or any their URL refuses.

Authors, outlets and write-ups must match the ``slug`` converter. Tags (whose
URL takes any text) must not be empty or taggit's "_1" for a name that left
nothing; a Hangul tag slug such as "로맨스" has an address and is kept. Each
bad one gets the slug the site now makes from the name (a copy of
``catalog.names.slugify_name`` below, as the tag receiver calls it for tags).
"""

import hashlib
import re
import unicodedata

from django.db import migrations
from django.utils import timezone
from django.utils.text import slugify

URL_SLUG = re.compile(r"[-a-zA-Z0-9_]+")
TAG_SLUG = re.compile(r"[^\W_][-\w]*")

# A copy of catalog.names.slugify_name as it was when this migration was
# written (migrations import no app code).
_INITIALS = ("g", "kk", "n", "d", "tt", "r", "m", "b", "pp", "s", "ss", "", "j", "jj", "ch", "k",
             "t", "p", "h")
_VOWELS = ("a", "ae", "ya", "yae", "eo", "e", "yeo", "ye", "o", "wa", "wae", "oe", "yo", "u", "wo",
           "we", "wi", "yu", "eu", "ui", "i")
_FINALS = ("", "k", "k", "k", "n", "n", "n", "t", "l", "k", "m", "l", "l", "l", "p", "l", "m", "p",
           "p", "t", "t", "ng", "t", "t", "k", "t", "p", "t")


def romanize(text):
    out, previous_final = [], None
    for char in unicodedata.normalize("NFC", text):
        code = ord(char)
        if not 0xAC00 <= code <= 0xD7A3:
            out.append(char)
            previous_final = None
            continue
        initial, rest = divmod(code - 0xAC00, 21 * 28)
        vowel, final = divmod(rest, 28)
        onset = "l" if initial == 5 and previous_final == 8 else _INITIALS[initial]
        out.append(onset + _VOWELS[vowel] + _FINALS[final])
        previous_final = final
    return "".join(out)


def slugify_name(name, kind, max_length, allow_unicode=False):
    if allow_unicode:
        slug = slugify(str(name), allow_unicode=True)[:max_length].strip("-_")
        if slug:
            return slug
    slug = slugify(romanize(str(name)))[:max_length].strip("-_")
    if slug:
        return slug
    digest = hashlib.sha256(str(name).encode("utf-8", "surrogatepass")).hexdigest()[:8]
    return f"{kind}-{digest}"[:max_length]


def repair(model, source, is_good, allow_unicode=False):
    """Give every row whose slug ``is_good`` refuses a fresh one made from ``source``."""
    max_length = model._meta.get_field("slug").max_length
    kind = model._meta.model_name
    rows = list(model._base_manager.values_list("pk", "slug", source))
    taken = {slug for _, slug, _ in rows if is_good(slug)}
    has_updated_at = any(field.name == "updated_at" for field in model._meta.fields)
    for pk, slug, name in rows:
        if is_good(slug):
            continue
        base = slugify_name(name, kind, max_length, allow_unicode)
        new, number = base, 1
        while new in taken:
            number += 1
            new = f"{base[: max_length - len(str(number)) - 1].rstrip('-_')}-{number}"
        taken.add(new)
        changes = {"slug": new, **({"updated_at": timezone.now()} if has_updated_at else {})}
        model._base_manager.filter(pk=pk).update(**changes)


def repair_slugs(apps, schema_editor):
    for model_name, source in [("author", "name"), ("outlet", "name"), ("writeup", "title")]:
        repair(apps.get_model("reviews", model_name), source, URL_SLUG.fullmatch)
    repair(apps.get_model("taggit", "tag"), "name", TAG_SLUG.fullmatch, allow_unicode=True)


class Migration(migrations.Migration):

    dependencies = [
        ("reviews", "0009_version_for_conflicting_saves"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [
        migrations.RunPython(repair_slugs, migrations.RunPython.noop, elidable=True),
    ]
