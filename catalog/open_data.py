"""The open names file: every recorded spelling of every person and show, with IDs elsewhere.

``person_records()`` and ``show_records()`` yield one plain dict per person or
show, ``name_rows()`` one flat row per spelling; the views (catalog.views)
serve them as JSON and CSV, and a read API can serve the same records. Six
queries build the whole file, whatever the size of the catalog. The fields
and what each kind means: docs/open-data.md.
"""

from django.db.models import Prefetch

from .models import Person, PersonExternalID, PersonName, Show, ShowExternalID, ShowTitle
from .models.external_ids import Site

HANGUL, OFFICIAL, ROMANIZATION, OTHER = "hangul", "official", "romanization", "other"
# The catalog's kinds of alternative names and titles, as the file's coarse kinds.
PERSON_NAME_KINDS = {PersonName.Kind.NATIVE: HANGUL}
SHOW_TITLE_KINDS = {ShowTitle.Kind.ROMANIZATION: ROMANIZATION}
ID_SITES = [site.value for site in Site]
CSV_FIELDS = ["type", "slug", "url", "spelling", "kind", "catalog_kind", *ID_SITES]


def _spelling(text, kind, catalog_kind):
    return {"spelling": text, "kind": kind, "catalog_kind": catalog_kind}


def _record(obj, main, native, alternatives, absolute):
    return {
        "slug": obj.slug,
        "url": absolute(obj.get_absolute_url()),
        "spellings": [spelling for spelling in (main, native, *alternatives) if spelling],
        "ids": {external_id.site: external_id.value for external_id in obj.external_ids.all()},
    }


def person_records(absolute=str):
    """Every person and group, by name: their name, Hangul name, other names and IDs.

    ``absolute`` turns a path into an address (``request.build_absolute_uri``).
    """
    people = (
        Person.objects.order_by("name", "pk")
        .only("name", "slug", "native_name")
        .prefetch_related(
            Prefetch(
                "alternative_names", queryset=PersonName.objects.only("person", "name", "kind")
            ),
            Prefetch("external_ids", queryset=PersonExternalID.objects.in_site_order()),
        )
    )
    for person in people:
        yield _record(
            person,
            _spelling(person.name, OFFICIAL, "name"),
            person.native_name and _spelling(person.native_name, HANGUL, "native_name"),
            (
                _spelling(name.name, PERSON_NAME_KINDS.get(name.kind, OTHER), name.kind)
                for name in person.alternative_names.all()
            ),
            absolute,
        )


def show_records(absolute=str):
    """Every show, by title: its title, Hangul title, other titles and IDs."""
    shows = (
        Show.objects.order_by("title", "pk")
        .only("title", "slug", "native_title")
        .prefetch_related(
            Prefetch(
                "alternative_titles", queryset=ShowTitle.objects.only("show", "title", "kind")
            ),
            Prefetch("external_ids", queryset=ShowExternalID.objects.in_site_order()),
        )
    )
    for show in shows:
        yield _record(
            show,
            _spelling(show.title, OFFICIAL, "title"),
            show.native_title and _spelling(show.native_title, HANGUL, "native_title"),
            (
                _spelling(title.title, SHOW_TITLE_KINDS.get(title.kind, OTHER), title.kind)
                for title in show.alternative_titles.all()
            ),
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
