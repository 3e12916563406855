"""What a stale change form shows: who saved since it was opened, their values beside yours.

Built only when a form was refused (conflicts.py), from the admin's history
(LogEntry) and a fresh read of the saved rows; rendered by
templates/admin/edit_conflict.html above the form.
"""

import difflib
from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal

from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.core.files.uploadedfile import UploadedFile
from django.db.models.fields.files import FieldFile
from django.utils import formats, timezone
from django.utils.text import capfirst

NOT_COMPARED = {"version", "id", "DELETE", "ORDER"}
SAVES_SHOWN = 3
LONG_TEXT = 120
DIFF_LINES = 30


def conflict_report(form, inlines):
    """The report for a refused change form, or None when no form in it was stale.

    ``inlines`` are (label, formset) pairs. The main form's fields and every
    inline's rows are compared with what is saved now.
    """
    stale = [form, *(row for _label, formset in inlines for row in formset.forms)]
    stale = [each for each in stale if getattr(each, "edit_conflict", None)]
    if not stale:
        return None
    return {
        "saves": [saves_since(each) for each in stale],
        "fields": field_differences(form),
        "inlines": [
            difference for label, formset in inlines if (difference := rows_differ(label, formset))
        ],
    }


def saves_since(form):
    """Who saved ``form``'s object after it was opened, and when, from the admin's history."""
    obj = form.instance
    opened, current = form.edit_conflict
    model = type(obj)
    entries = (
        LogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(model), object_id=str(obj.pk)
        )
        .select_related("user")
        .order_by("-action_time", "-pk")[: max(1, min(current - opened, SAVES_SHOWN))]
    )
    saved = {
        "name": model._meta.verbose_name,
        "entries": [
            {
                "who": entry.user.get_full_name() or entry.user.get_username(),
                "when": entry.action_time,
                "what": entry.get_change_message(),
            }
            for entry in entries
        ],
    }
    if not saved["entries"] and hasattr(obj, "updated_at"):
        # Saved by code, not through the admin: no name, but the time.
        saved["when"] = (
            model._default_manager.filter(pk=obj.pk).values_list("updated_at", flat=True).first()
        )
    return saved


def field_differences(form):
    """Each field of the main form whose saved value differs from the one submitted."""
    obj = form.instance
    saved = type(obj)._default_manager.filter(pk=obj.pk).first()
    if saved is None:
        return []
    theirs_form = type(form)(instance=saved)
    differences = []
    for name, field in form.fields.items():
        if name in NOT_COMPARED or field.disabled:
            continue
        if not field.has_changed(theirs_form[name].initial, form[name].data):
            continue
        model_field = _model_field(obj, name)
        theirs = getattr(saved, name) if model_field else theirs_form[name].initial
        yours = form.cleaned_data[name] if name in form.cleaned_data else form[name].data
        differences.append(
            compared(
                capfirst(field.label or name), shown(model_field, theirs), shown(model_field, yours)
            )
        )
    return differences


def rows_differ(label, formset):
    """An inline's saved rows beside the submitted ones, when they are not the same."""
    model = formset.model
    names = [
        name
        for name, field in formset.form.base_fields.items()
        if name not in NOT_COMPARED and name != formset.fk.name and not field.widget.is_hidden
    ]
    if not names:  # a read-only list of rows edited elsewhere
        return None
    fields = {name: _model_field(model, name) for name in names}
    saved = model._default_manager.filter(**{formset.fk.name: formset.instance.pk})
    theirs = [_row(fields, lambda name, row=row: getattr(row, name)) for row in saved]
    yours = [_row(fields, lambda name, row=row: _submitted(row, name)) for row in _kept(formset)]
    if sorted(theirs) == sorted(yours):
        return None
    columns = " · ".join(formset.form.base_fields[name].label or name for name in names)
    return {"label": capfirst(label), "columns": columns, "theirs": theirs, "yours": yours}


def _kept(formset):
    """The rows the submitted formset would keep: not deleted, not blank extra rows."""
    for row in formset.forms:
        if row.instance._state.adding and not row.has_changed():
            continue
        if formset.can_delete and formset._should_delete_form(row):
            continue
        yield row


def _submitted(form, name):
    cleaned = getattr(form, "cleaned_data", {})
    return cleaned[name] if name in cleaned else form[name].data


def _row(fields, value_of):
    return " · ".join(shown(field, value_of(name)) or "—" for name, field in fields.items())


def _model_field(model, name):
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return None


def compared(label, theirs, yours):
    """One field's two values; a long text (a body) as a line diff instead."""
    long = "\n" in theirs or "\n" in yours or max(len(theirs), len(yours)) > LONG_TEXT
    return {
        "label": label,
        "theirs": theirs,
        "yours": yours,
        "diff": line_diff(theirs, yours) if long else None,
    }


def line_diff(theirs, yours):
    """(kind, text) lines: "theirs" only in the saved text, "yours" only in yours, "same", "gap"."""
    kinds = {"-": "theirs", "+": "yours", " ": "same"}
    lines = []
    for line in difflib.unified_diff(theirs.splitlines(), yours.splitlines(), lineterm="", n=1):
        if line.startswith(("---", "+++")):
            continue
        if line.startswith("@@"):
            lines.append(("gap", "…"))
        else:
            lines.append((kinds[line[0]], line[1:]))
    if len(lines) > DIFF_LINES:
        lines = [*lines[:DIFF_LINES], ("gap", f"… {len(lines) - DIFF_LINES} more lines")]
    return lines


def shown(model_field, value):
    """A value as an editor reads it: choice labels, names of related rows, local times."""
    if value is None or value == "":
        return ""
    if isinstance(value, UploadedFile):
        return f"{value.name} (a new file: choose it again before saving)"
    if isinstance(value, FieldFile):
        return value.name or ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    choices = getattr(model_field, "flatchoices", None)
    if choices and isinstance(value, str):
        return str(dict(choices).get(value, value))
    if isinstance(value, Decimal):
        return f"{value.normalize():f}"
    if isinstance(value, datetime):
        return formats.localize(timezone.localtime(value) if timezone.is_aware(value) else value)
    if isinstance(value, date):
        return formats.localize(value)
    if isinstance(value, str):
        return value
    if hasattr(value, "all"):  # a related manager: many-to-many rows, tags
        value = value.all()
    if isinstance(value, Iterable):
        return ", ".join(str(item) for item in value)
    return str(value)
