"""Copy the admin's existing history (LogEntry) into the audit trail, once.

From now on reviews_site.audit copies each entry as it is written; the rows
written before this migration would otherwise be missing from history pages.
"""

from django.db import migrations


def copy_log_entries(apps, schema_editor):
    db = schema_editor.connection.alias
    LogEntry = apps.get_model("admin", "LogEntry")
    AuditEntry = apps.get_model("reviews_site", "AuditEntry")
    entries = LogEntry.objects.using(db).select_related("user").order_by("pk")
    AuditEntry.objects.using(db).bulk_create(
        (
            AuditEntry(
                action_time=entry.action_time,
                user_id=entry.user_id,
                user_name=entry.user.username,
                action_flag=entry.action_flag,
                content_type_id=entry.content_type_id,
                object_id=entry.object_id or "",
                object_repr=entry.object_repr,
                change_message=entry.change_message,
                log_entry_id=entry.pk,
            )
            for entry in entries.iterator()
        ),
        batch_size=500,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("reviews_site", "0001_audit_trail"),
        ("admin", "0003_logentry_add_action_flag_choices"),
    ]

    operations = [migrations.RunPython(copy_log_entries, migrations.RunPython.noop)]
