"""Keep the folded search keys (``search_names``) in step with the names.

A show's key folds its title and every alternative title; a person's, their
name and every alternative name; a credit's, the character's spellings; a
song's, its titles. Saves through the admin, the ORM and ``loaddata`` (raw
saves, which skip ``Model.save``) all pass through these receivers.
"""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .models import Credit, Person, PersonName, Show, ShowTitle, Song


def store_search_names(instance):
    names = instance.compute_search_names()
    if names != instance.search_names:
        type(instance).objects.filter(pk=instance.pk).update(search_names=names)
        instance.search_names = names


@receiver(post_save, sender=Show)
@receiver(post_save, sender=Person)
def refresh_own_search_names(sender, instance, **kwargs):
    store_search_names(instance)


@receiver(post_save, sender=Credit)
@receiver(post_save, sender=Song)
def refresh_raw_search_names(sender, instance, raw=False, **kwargs):
    # Model.save already computed the key; loaddata's raw saves did not.
    if raw:
        store_search_names(instance)


@receiver(post_save, sender=ShowTitle)
@receiver(post_delete, sender=ShowTitle)
def refresh_show_search_names(sender, instance, **kwargs):
    show = Show.objects.filter(pk=instance.show_id).first()
    if show is not None:
        store_search_names(show)


@receiver(post_save, sender=PersonName)
@receiver(post_delete, sender=PersonName)
def refresh_person_search_names(sender, instance, **kwargs):
    person = Person.objects.filter(pk=instance.person_id).first()
    if person is not None:
        store_search_names(person)
