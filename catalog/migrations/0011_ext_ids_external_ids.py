"""IDs at MyDramaList, TMDB, IMDb and Wikidata for shows and people (docs/open-data.md).

The Editors group (reviews 0002) has every catalog permission; it is given
those of the two new models, which did not exist when it was made.
"""

import django.db.models.deletion
from django.db import migrations, models

NEW_MODELS = ("showexternalid", "personexternalid")


def grant_editors(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    db = schema_editor.connection.alias
    catalog = apps.get_app_config("catalog")
    catalog.models_module = True
    create_permissions(catalog, apps=apps, verbosity=0, using=db)
    catalog.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group in Group.objects.using(db).filter(name="Editors"):
        group.permissions.add(
            *Permission.objects.using(db).filter(
                content_type__app_label="catalog", content_type__model__in=NEW_MODELS
            )
        )


class Migration(migrations.Migration):

    dependencies = [
        ('catalog', '0010_require_trigram'),
        ('reviews', '0002_editors_group'),
    ]

    operations = [
        migrations.CreateModel(
            name='PersonExternalID',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('site', models.CharField(choices=[('mydramalist', 'MyDramaList'), ('tmdb', 'TMDB'), ('imdb', 'IMDb'), ('wikidata', 'Wikidata')], max_length=20)),
                ('value', models.CharField(help_text="The ID as it appears in the other site's address; a pasted address is cut down to its ID.", max_length=200, verbose_name='ID')),
                ('person', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='external_ids', to='catalog.person')),
            ],
            options={
                'verbose_name': 'ID elsewhere',
                'verbose_name_plural': 'IDs elsewhere (MyDramaList, TMDB, IMDb, Wikidata)',
                'abstract': False,
                'constraints': [models.UniqueConstraint(fields=('site', 'value'), name='catalog_personexternalid_unique_value', violation_error_message='Another person already has this ID.'), models.UniqueConstraint(fields=('person', 'site'), name='catalog_personexternalid_one_per_site', violation_error_message='This person already has an ID at that site.'), models.CheckConstraint(condition=models.Q(models.Q(('site', 'mydramalist'), ('value__regex', '^people/[1-9][0-9]*-[a-z0-9]+(-[a-z0-9]+)*\\Z')), models.Q(('site', 'tmdb'), ('value__regex', '^[1-9][0-9]*\\Z')), models.Q(('site', 'imdb'), ('value__regex', '^nm[0-9]{7,}\\Z')), models.Q(('site', 'wikidata'), ('value__regex', '^Q[1-9][0-9]*\\Z')), _connector='OR'), name='catalog_personexternalid_value_shape', violation_error_message='This is not an ID of that site.')],
            },
        ),
        migrations.CreateModel(
            name='ShowExternalID',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('site', models.CharField(choices=[('mydramalist', 'MyDramaList'), ('tmdb', 'TMDB'), ('imdb', 'IMDb'), ('wikidata', 'Wikidata')], max_length=20)),
                ('value', models.CharField(help_text="The ID as it appears in the other site's address; a pasted address is cut down to its ID.", max_length=200, verbose_name='ID')),
                ('show', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='external_ids', to='catalog.show')),
            ],
            options={
                'verbose_name': 'ID elsewhere',
                'verbose_name_plural': 'IDs elsewhere (MyDramaList, TMDB, IMDb, Wikidata)',
                'abstract': False,
                'constraints': [models.UniqueConstraint(fields=('site', 'value'), name='catalog_showexternalid_unique_value', violation_error_message='Another show already has this ID.'), models.UniqueConstraint(fields=('show', 'site'), name='catalog_showexternalid_one_per_site', violation_error_message='This show already has an ID at that site.'), models.CheckConstraint(condition=models.Q(models.Q(('site', 'mydramalist'), ('value__regex', '^[1-9][0-9]*-[a-z0-9]+(-[a-z0-9]+)*\\Z')), models.Q(('site', 'tmdb'), ('value__regex', '^(tv|movie)/[1-9][0-9]*\\Z')), models.Q(('site', 'imdb'), ('value__regex', '^tt[0-9]{7,}\\Z')), models.Q(('site', 'wikidata'), ('value__regex', '^Q[1-9][0-9]*\\Z')), _connector='OR'), name='catalog_showexternalid_value_shape', violation_error_message='This is not an ID of that site.')],
            },
        ),
        migrations.RunPython(grant_editors, migrations.RunPython.noop),
    ]
