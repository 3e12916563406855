"""The launch content (fixtures/*.json): loaded once, never over editors' work.

``load`` is what every start runs (``make setup``): it loads the fixtures
into a database that has none of them, records that it did
(``LoadedContent``), and from then on does nothing. A database that already
holds launch rows from before loads were recorded is recorded as loaded
without loading again: reloading would undo its editors' work.

``restore`` is the deliberate repair, row by row in the fixtures' order, all
in one transaction:

- **add missing** (the default): a launch row that is not in the database
  is added, unless it hangs off a row that is (a score, byline, tag link,
  alternative name, credit, episode...): an editor who removed a score from
  a write-up that still exists meant to, so such rows are only reported. A
  row that hangs off a row added back in this run (a deleted write-up's
  scores, bylines and tags) is added with it. Rows that exist are left as
  they are, renamed ones included (found through their old slugs).
- **overwrite**: also every missing child row, and every launch row that
  differs from the fixtures takes the fixtures' values again, field by
  field; what was replaced is reported. Rows the fixtures do not name are
  never touched, by either.

Rows are found by their natural keys, as ``loaddata`` finds them; a row that
another row's natural key still names (a show renamed since) is found
through ``reviews_site.old_slugs``.
"""

import json
from dataclasses import dataclass, field

from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, IntegrityError, transaction
from django.utils import timezone

from . import old_slugs
from .models import LoadedContent

NAME = "launch"
FIXTURES = [settings.BASE_DIR / "fixtures" / name for name in ("catalog.json", "writeups.json")]
# Kept as each load writes them; never a reason to call a row changed.
TIMESTAMPS = {"created_at", "updated_at"}
# Rows that other rows point at whose natural key starts with their parent's:
# an episode is (show slug, number), and its show may have been renamed.
KEY_PARENTS = {"catalog.episode": "show"}


@dataclass
class Report:
    added: list = field(default_factory=list)
    replaced: list = field(default_factory=list)  # (row, [field names])
    kept: list = field(default_factory=list)
    left_out: list = field(default_factory=list)  # (row, why)
    loaded: bool = False
    found: int = 0
    total: int = 0
    recorded: LoadedContent | None = None


def read_rows(paths=None):
    rows = []
    for path in paths or FIXTURES:
        with open(path, encoding="utf-8") as handle:
            rows.extend(json.load(handle))
    return rows


def is_child(model):
    """A row known by the rows it hangs off (a score by its write-up and label)."""
    return bool(getattr(model.natural_key, "dependencies", None))


def describe(model, key):
    return f"{model._meta.verbose_name} {' / '.join(str(part) for part in key)}"


def load(*, using=DEFAULT_DB_ALIAS):
    """Load the launch content unless this database has it already (see the module)."""
    report = Report()
    with transaction.atomic(using=using):
        report.recorded = LoadedContent.objects.using(using).filter(name=NAME).first()
        if report.recorded is not None:
            return report
        finder = Finder(read_rows(), using)
        top_level = [row for row in finder.rows if not is_child(finder.model(row))]
        report.total = len(top_level)
        report.found = sum(finder.existing(row) is not None for row in top_level)
        how = LoadedContent.How.FOUND
        if not report.found:
            call_command("loaddata", *FIXTURES, database=using, verbosity=0)
            report.loaded = True
            how = LoadedContent.How.LOADED
        report.recorded = LoadedContent.objects.using(using).create(name=NAME, how=how)
    return report


def restore(*, overwrite=False, dry_run=False, using=DEFAULT_DB_ALIAS):
    """Add back missing launch rows (and with ``overwrite`` replace changed ones)."""
    report = Report()
    with transaction.atomic(using=using):
        finder = Finder(read_rows(), using)
        added = set()
        for row in finder.rows:
            _restore_row(finder, row, report, added, overwrite)
        LoadedContent.objects.using(using).get_or_create(name=NAME)
        if dry_run:
            transaction.set_rollback(True, using=using)
    return report


class Finder:
    """Finds the rows of this database that launch rows name, following renames."""

    def __init__(self, rows, using):
        self.rows = rows
        self.using = using
        # (model label, natural key) -> the slug the fixtures give that row.
        self.slugs = {}
        for row in rows:
            model = self.model(row)
            if old_slugs.is_tracked(model):
                self.slugs[(model._meta.label_lower, self.own_key(row))] = row["fields"]["slug"]

    @staticmethod
    def model(row):
        return apps.get_model(row["model"])

    def own_key(self, row):
        """The natural key of a top-level row (a slug; a tag's name), from the row alone."""
        model = self.model(row)
        plain = {
            name: value
            for name, value in row["fields"].items()
            if not model._meta.get_field(name).is_relation
        }
        return tuple(model(**plain).natural_key())

    def find(self, model, key):
        key = tuple(key)
        manager = model._default_manager.db_manager(self.using)
        try:
            return manager.get_by_natural_key(*key)
        except model.DoesNotExist:
            pass
        if old_slugs.is_tracked(model):
            slug = self.slugs.get((model._meta.label_lower, key), key[0])
            return model._base_manager.using(self.using).filter(slug=slug).first() or (
                old_slugs.holder_of(model, slug, using=self.using)
            )
        parent_field = KEY_PARENTS.get(model._meta.label_lower)
        if parent_field:
            parent_model = model._meta.get_field(parent_field).related_model
            parent = self.find(parent_model, key[:1])
            if parent is not None:
                try:
                    return manager.get_by_natural_key(*parent.natural_key(), *key[1:])
                except model.DoesNotExist:
                    return None
        return None

    def existing(self, row):
        """The database row a top-level launch row is, or None."""
        return self.find(self.model(row), self.own_key(row))

    def current_references(self, row):
        """The row with its references as the database knows them now, or (None, missing)."""
        model = self.model(row)
        fields = dict(row["fields"])
        for name, value in row["fields"].items():
            target_field = model._meta.get_field(name)
            if not target_field.is_relation or value is None:
                continue
            target = target_field.related_model
            values = value if target_field.many_to_many else [value]
            current = []
            for key in values:
                obj = self.find(target, key)
                if obj is None:
                    return None, describe(target, key)
                current.append(list(obj.natural_key()))
            fields[name] = current if target_field.many_to_many else current[0]
        return {**row, "fields": fields}, None


def _restore_row(finder, row, report, added, overwrite):
    model = finder.model(row)
    child = is_child(model)
    existing = None if child else finder.existing(row)
    if existing is not None and not overwrite:
        report.kept.append(describe(model, finder.own_key(row)))
        return
    current, missing = finder.current_references(row)
    if current is None:
        report.left_out.append(
            (_raw_label(finder, row), f"it names {missing}, which is not in the database")
        )
        return
    if existing is not None:
        current["pk"] = existing.pk
    deserialized = next(serializers.deserialize("python", [current], using=finder.using))
    obj = deserialized.object
    label = describe(model, obj.natural_key())
    if child and obj.pk is not None:
        existing = model._base_manager.using(finder.using).get(pk=obj.pk)
    if existing is None:
        parents = {
            (f.related_model, getattr(obj, f.attname))
            for f in model._meta.concrete_fields
            if f.many_to_one
        }
        if child and not overwrite and not parents & added:
            report.left_out.append((label, "removed from a row that exists; kept removed"))
            return
        try:
            with transaction.atomic(using=finder.using):
                deserialized.save(using=finder.using)
        except IntegrityError as error:
            report.left_out.append((label, f"the database refused it: {error}"))
            return
        added.add((model._meta.concrete_model, obj.pk))
        report.added.append(label)
        return
    changed = _changed_fields(existing, obj, current, deserialized.m2m_data)
    if not changed:
        report.kept.append(label)
        return
    _overwrite(existing, obj, changed, deserialized.m2m_data, finder.using)
    report.replaced.append((label, changed))


def _raw_label(finder, row):
    model = finder.model(row)
    if not is_child(model):
        return describe(model, finder.own_key(row))
    parts = [
        "/".join(str(part) for part in value) if isinstance(value, list) else str(value)
        for name, value in row["fields"].items()
        if model._meta.get_field(name).is_relation and value is not None
    ]
    return describe(model, parts)


def _changed_fields(existing, obj, row, m2m_data):
    changed = []
    for name in row["fields"]:
        if name in TIMESTAMPS:
            continue
        model_field = existing._meta.get_field(name)
        if model_field.many_to_many:
            now = set(getattr(existing, name).values_list("pk", flat=True))
            if now != set(m2m_data.get(name, [])):
                changed.append(name)
        elif getattr(existing, model_field.attname) != getattr(obj, model_field.attname):
            changed.append(name)
    return changed


def _overwrite(existing, obj, changed, m2m_data, using):
    """Write the fixtures' values of ``changed`` over the row, as loaddata would (raw)."""
    fields = [name for name in changed if not existing._meta.get_field(name).many_to_many]
    for name in list(fields):
        # An image's stored width and height go with it (a poster cleared, say).
        model_field = existing._meta.get_field(name)
        fields += [
            extra
            for extra in (
                getattr(model_field, "width_field", None),
                getattr(model_field, "height_field", None),
            )
            if extra
        ]
    if fields:
        if any(f.name == "updated_at" for f in existing._meta.concrete_fields):
            obj.updated_at = timezone.now()
            fields.append("updated_at")
        obj.save_base(raw=True, using=using, update_fields=fields)
    for name in changed:
        if existing._meta.get_field(name).many_to_many:
            getattr(obj, name).set(m2m_data[name])
