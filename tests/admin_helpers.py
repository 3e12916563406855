"""Build the POST data of a Django admin add or change page, as a browser would send it.

``admin_form_data`` reads the form and inline formsets the page rendered
(management forms included) so that a test posts exactly what an editor's
browser would, then adds only the rows and values it cares about.
"""

from django import forms
from django.contrib.admin.widgets import RelatedFieldWidgetWrapper


def _add_form(data, form):
    for bound in form:
        field, widget, value = bound.field, bound.field.widget, bound.value()
        if isinstance(widget, RelatedFieldWidgetWrapper):
            widget = widget.widget
        if isinstance(field, forms.FileField) or value is None:
            continue
        if isinstance(widget, forms.CheckboxInput):
            if value:
                data[bound.html_name] = "on"
            continue
        if isinstance(widget, forms.MultiWidget):
            # A re-rendered (bound) form holds the submitted parts already.
            parts = value if isinstance(value, list) else widget.decompress(value)
            for index, (subwidget, part) in enumerate(zip(widget.widgets, parts, strict=True)):
                data[f"{bound.html_name}_{index}"] = subwidget.format_value(part) or ""
            continue
        formatted = widget.format_value(value)
        if formatted is not None:
            data[bound.html_name] = formatted


def admin_form_data(response, **values):
    """The page's current form data, with every inline's existing rows and no blank ones."""
    data = {}
    _add_form(data, response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        count = formset.initial_form_count()
        data[f"{formset.prefix}-TOTAL_FORMS"] = str(count)
        data[f"{formset.prefix}-INITIAL_FORMS"] = str(count)
        for form in formset.initial_forms:
            _add_form(data, form)
    data.update(values)
    return data


def add_inline_rows(data, prefix, *rows):
    """Append new rows (dicts of field values) to the inline formset ``prefix``."""
    total = int(data[f"{prefix}-TOTAL_FORMS"])
    for index, row in enumerate(rows, start=total):
        for name, value in row.items():
            data[f"{prefix}-{index}-{name}"] = value
    data[f"{prefix}-TOTAL_FORMS"] = str(total + len(rows))
    return data


def error_messages(response):
    """Every form and inline error on a re-rendered admin page, as one flat list."""
    found = [
        message
        for errors in response.context["adminform"].form.errors.values()
        for message in errors
    ]
    for inline in response.context["inline_admin_formsets"]:
        found += list(inline.formset.non_form_errors())
        for form_errors in inline.formset.errors:
            found += [message for errors in form_errors.values() for message in errors]
    return found
