"""Keep the folded search keys (``search_names``) in step with the names.

A show's key folds its title and every alternative title; a person's, their
name and every alternative name; a credit's, the character's spellings; a
song's, its titles. Saves through the admin, the ORM and ``loaddata`` (raw
saves, which skip ``Model.save``) all pass through these receivers.
"""

from django.db.models.signals import post_delete, post_save, pre_delete
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


@receiver(post_save, sender=Song)
def copy_loaded_show_order(sender, instance, raw=False, using=None, **kwargs):
    # Song.save copies its show's year and title; loaddata's raw saves do not.
    if raw:
        Song.copy_show_order(Song._base_manager.using(using).filter(pk=instance.pk))


@receiver(post_save, sender=Show)
def copy_show_order_to_songs(sender, instance, using=None, **kwargs):
    """The song list's copies of a show's year and title follow the show: one UPDATE."""
    year, title = instance.year or 0, instance.title
    songs = Song._base_manager.using(using).filter(show=instance.pk)
    songs.exclude(show_year=year, show_title=title).update(show_year=year, show_title=title)


@receiver(pre_delete, sender=Show)
def clear_show_order_of_songs(sender, instance, using=None, **kwargs):
    # The songs stay (on_delete=SET_NULL), without a show.
    Song._base_manager.using(using).filter(show=instance.pk).update(show_year=0, show_title="")


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
