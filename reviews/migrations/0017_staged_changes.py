"""Staged changes to published write-ups.

The Editors group is given the publish and review permissions (0016 made them
too; granting again is harmless, and going back leaves them to 0016).
"""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


GROUP_NAME = "Editors"
PERMISSIONS = (
    ("publish_writeup", "Can publish, schedule and unpublish write-ups"),
    ("review_writeup", "Can review write-ups and request changes"),
)


def give_editors_publishing(apps, schema_editor):
    db = schema_editor.connection.alias
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    # Permissions are normally created after all migrations have run.
    writeup, _ = ContentType.objects.using(db).get_or_create(app_label="reviews", model="writeup")
    permissions = [
        Permission.objects.using(db).get_or_create(
            content_type=writeup, codename=codename, defaults={"name": name}
        )[0]
        for codename, name in PERMISSIONS
    ]
    group, _ = Group.objects.using(db).get_or_create(name=GROUP_NAME)
    group.permissions.add(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("reviews", "0016_workflow_roles_states_expiry"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.CreateModel(
            name="StagedChange",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "created_at",
                    models.DateTimeField(default=django.utils.timezone.now, editable=False),
                ),
                (
                    "updated_at",
                    models.DateTimeField(default=django.utils.timezone.now, editable=False),
                ),
                ("data", models.JSONField()),
                (
                    "base_version",
                    models.PositiveIntegerField(
                        help_text="The live write-up's version the change was started from."
                    ),
                ),
                (
                    "created_by",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "updated_by",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "writeup",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="staged_change",
                        to="reviews.writeup",
                    ),
                ),
            ],
            options={
                "verbose_name": "unpublished change",
                "default_permissions": (),
            },
        ),
        migrations.RunPython(give_editors_publishing, migrations.RunPython.noop),
    ]
