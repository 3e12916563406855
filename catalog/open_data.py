"""The open names file: every recorded spelling of every person and show, with IDs elsewhere.

``person_records()`` and ``show_records()`` yield one plain dict per person or
show, ``name_rows()`` one flat row per spelling; the views (catalog.views)
serve them as JSON and CSV, and a read API can serve the same records. Six
queries build the whole file, whatever the size of the catalog: plain value
rows grouped here, because prefetching model instances took most of a minute
for 50,000 people (docs/open-data.md, "Speed").
"""

from collections import defaultdict

from django.urls import reverse

from .models import Person, PersonExternalID, PersonName, Show, ShowExternalID, ShowTitle
from .models.external_ids import SITE_ORDER, Site

HANGUL, OFFICIAL, ROMANIZATION, OTHER = "hangul", "official", "romanization", "other"
# The catalog's kinds of alternative names and titles, as the file's coarse kinds.
PERSON_NAME_KINDS = {PersonName.Kind.NATIVE: HANGUL}
SHOW_TITLE_KINDS = {ShowTitle.Kind.ROMANIZATION: ROMANIZATION}
ID_SITES = [site.value for site in Site]
CSV_FIELDS = ["type", "slug", "url", "spelling", "kind", "catalog_kind", *ID_SITES]
# Stands for the slug in an address reversed once (slugs are URL-safe: catalog.models.base).
_SLUG = "slug-placeholder"


def _spelling(text, kind, catalog_kind):
    return {"spelling": text, "kind": kind, "catalog_kind": catalog_kind}


def _records(objects, alternatives, external_ids, route, main_kinds, kinds, absolute):
    """One record per object row ``(pk, slug, name, native name)``, in the rows' order.

    ``alternatives`` are ``(owner pk, text, catalog kind)`` rows, ``external_ids``
    ``(owner pk, site, value)`` rows in site order.
    """
    spellings = defaultdict(list)
    for owner, text, catalog_kind in alternatives:
        spellings[owner].append(_spelling(text, kinds.get(catalog_kind, OTHER), catalog_kind))
    ids = defaultdict(dict)
    for owner, site, value in external_ids:
        ids[owner][site] = value
    address = absolute(reverse(route, kwargs={"slug": _SLUG}))
    main, native = main_kinds
    for pk, slug, name, native_name in objects:
        yield {
            "slug": slug,
            "url": address.replace(_SLUG, slug),
            "spellings": [
                _spelling(name, OFFICIAL, main),
                *([_spelling(native_name, HANGUL, native)] if native_name else []),
                *spellings[pk],
            ],
            "ids": ids[pk],
        }


def person_records(absolute=str):
    """Every person and group, by name: their name, Hangul name, other names and IDs.

    ``absolute`` turns a path into an address (``request.build_absolute_uri``).
    """
    return _records(
        Person.objects.order_by("name", "pk").values_list("pk", "slug", "name", "native_name"),
        PersonName.objects.order_by("person", "name", "pk").values_list("person", "name", "kind"),
        PersonExternalID.objects.order_by("person", SITE_ORDER).values_list(
            "person", "site", "value"
        ),
        "catalog:person_detail",
        ("name", "native_name"),
        PERSON_NAME_KINDS,
        absolute,
    )


def show_records(absolute=str):
    """Every show, by title: its title, Hangul title, other titles and IDs."""
    return _records(
        Show.objects.order_by("title", "pk").values_list("pk", "slug", "title", "native_title"),
        ShowTitle.objects.order_by("show", "kind", "title", "pk").values_list(
            "show", "title", "kind"
        ),
        ShowExternalID.objects.order_by("show", SITE_ORDER).values_list("show", "site", "value"),
        "catalog:show_detail",
        ("title", "native_title"),
        SHOW_TITLE_KINDS,
        absolute,
    )


def name_rows(absolute=str):
    """One row (a dict keyed by ``CSV_FIELDS``) per spelling: people first, then shows."""
    for kind, records in (("person", person_records(absolute)), ("show", show_records(absolute))):
        for record in records:
            ids = {site: record["ids"].get(site, "") for site in ID_SITES}
            for spelling in record["spellings"]:
                yield {
                    "type": kind,
                    "slug": record["slug"],
                    "url": record["url"],
                    **spelling,
                    **ids,
                }
