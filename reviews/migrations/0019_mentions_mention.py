# Mentions: catalog names linked from a write-up's body (reviews/mentions.py).
# Editors get every permission on them, as on every model of the app
# (0002_editors_group); existing write-ups get theirs from
# `manage.py link_mentions` (run by `make setup`).

import django.db.models.deletion
from django.db import migrations, models


def grant_editors(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    db = schema_editor.connection.alias
    app_config = apps.get_app_config("reviews")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0, using=db)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.using(db).filter(
        content_type__app_label="reviews", content_type__model="mention"
    )
    for group in Group.objects.using(db).filter(name="Editors"):
        group.permissions.add(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0010_require_trigram"),
        ("reviews", "0018_spoilers_episode_range"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [
        migrations.CreateModel(
            name="Mention",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("person", "Person"),
                            ("show", "Show"),
                            ("song", "Song"),
                            ("character", "Character"),
                            ("ambiguous", "Ambiguous (not linked)"),
                        ],
                        max_length=20,
                    ),
                ),
                ("text", models.CharField(max_length=200, verbose_name="as written")),
                (
                    "section",
                    models.PositiveIntegerField(
                        help_text="0 before the first heading, then 1, 2, …"
                    ),
                ),
                (
                    "position",
                    models.PositiveIntegerField(help_text="Order of the name in the body."),
                ),
                (
                    "enabled",
                    models.BooleanField(
                        default=True,
                        help_text="Untick to remove the link; the body is then rendered without it.",
                        verbose_name="linked",
                    ),
                ),
                (
                    "ambiguous_between",
                    models.CharField(
                        blank=True,
                        help_text="For an ambiguous name: what it could mean.",
                        max_length=500,
                    ),
                ),
                (
                    "credit",
                    models.ForeignKey(
                        blank=True,
                        help_text="A character: the cast credit whose character is named.",
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="mentions",
                        to="catalog.credit",
                    ),
                ),
                (
                    "person",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="mentions",
                        to="catalog.person",
                    ),
                ),
                (
                    "show",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="mentions",
                        to="catalog.show",
                    ),
                ),
                (
                    "song",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="mentions",
                        to="catalog.song",
                    ),
                ),
                (
                    "writeup",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="mentions",
                        to="reviews.writeup",
                    ),
                ),
            ],
            options={
                "ordering": ["writeup", "position"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("writeup", "position"), name="reviews_mention_unique_position"
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(
                                ("credit", None),
                                ("kind", "person"),
                                ("person__isnull", False),
                                ("show", None),
                                ("song", None),
                            ),
                            models.Q(
                                ("credit", None),
                                ("kind", "show"),
                                ("person", None),
                                ("show__isnull", False),
                                ("song", None),
                            ),
                            models.Q(
                                ("credit", None),
                                ("kind", "song"),
                                ("person", None),
                                ("show", None),
                                ("song__isnull", False),
                            ),
                            models.Q(
                                ("credit__isnull", False),
                                ("kind", "character"),
                                ("person", None),
                                ("show", None),
                                ("song", None),
                            ),
                            models.Q(
                                ("credit", None),
                                ("kind", "ambiguous"),
                                ("person", None),
                                ("show", None),
                                ("song", None),
                            ),
                            _connector="OR",
                        ),
                        name="reviews_mention_one_target_of_its_kind",
                        violation_error_message="A mention names exactly one row of its kind.",
                    ),
                ],
            },
        ),
        migrations.RunPython(grant_editors, migrations.RunPython.noop),
    ]
