"""Editors' own time zones; the activity page: each audit entry's kind, and Editors may view it.

The kinds of entries already copied are worked out from their flag and
message as reviews_site.audit does (a copy: migrations do not import app code).
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

ADDITION, DELETION = 1, 3
KIND_OF_MESSAGE = {
    "Published": "published",
    "Unpublished": "unpublished",
    "Moved to the trash": "deleted",
}


def kind_of(entry):
    if entry.action_flag == ADDITION:
        return "added"
    if entry.action_flag == DELETION:
        return "deleted"
    for start, kind in KIND_OF_MESSAGE.items():
        if entry.change_message.startswith(start):
            return kind
    return "changed"


def set_kinds(apps, schema_editor):
    db = schema_editor.connection.alias
    AuditEntry = apps.get_model("reviews_site", "AuditEntry")
    entries = list(AuditEntry.objects.using(db).exclude(action_flag=2, change_message__startswith="["))
    for entry in entries:
        entry.kind = kind_of(entry)
    AuditEntry.objects.using(db).bulk_update(entries, ["kind"], batch_size=500)


def let_editors_view_activity(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    db = schema_editor.connection.alias
    # Permissions are made after all migrations; make this app's now (reviews/0002 does too).
    app_config = apps.get_app_config("reviews_site")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0, using=db)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permission = Permission.objects.using(db).get(
        content_type__app_label="reviews_site", codename="view_auditentry"
    )
    for group in Group.objects.using(db).filter(name="Editors"):
        group.permissions.add(permission)


def forbid_activity(apps, schema_editor):
    db = schema_editor.connection.alias
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.using(db).filter(
        content_type__app_label="reviews_site", codename="view_auditentry"
    )
    for group in Group.objects.using(db).filter(name="Editors"):
        group.permissions.remove(*permissions)


class Migration(migrations.Migration):

    dependencies = [
        ('auth', '0012_alter_user_first_name_max_length'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('reviews_site', '0004_record_current_slugs'),
        ('reviews', '0002_editors_group'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='EditorPreferences',
            fields=[
                ('user', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True, related_name='editor_preferences', serialize=False, to=settings.AUTH_USER_MODEL)),
                ('time_zone', models.CharField(blank=True, help_text='The admin shows and reads every time in this zone. Times are stored in UTC.', max_length=64)),
            ],
            options={
                'verbose_name': 'preferences',
                'verbose_name_plural': 'preferences',
            },
        ),
        migrations.AlterModelOptions(
            name='auditentry',
            options={'ordering': ['action_time', 'pk'], 'verbose_name': 'activity entry', 'verbose_name_plural': 'recent activity'},
        ),
        migrations.AddField(
            model_name='auditentry',
            name='kind',
            field=models.CharField(choices=[('added', 'Added'), ('changed', 'Changed'), ('published', 'Published'), ('unpublished', 'Unpublished'), ('deleted', 'Deleted')], default='changed', max_length=12),
        ),
        migrations.AddIndex(
            model_name='auditentry',
            index=models.Index(fields=['kind', 'action_time'], name='audit_entry_kind'),
        ),
        migrations.AddConstraint(
            model_name='auditentry',
            constraint=models.CheckConstraint(condition=models.Q(('kind__in', ['added', 'changed', 'published', 'unpublished', 'deleted'])), name='reviews_site_audit_kind_known'),
        ),
        migrations.RunPython(set_kinds, migrations.RunPython.noop),
        migrations.RunPython(let_editors_view_activity, forbid_activity),
    ]
