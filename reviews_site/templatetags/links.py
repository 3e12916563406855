"""Addresses for objects without a ``get_absolute_url`` of their own."""

from django import template

from reviews_site.slugs import slug_url

register = template.Library()


@register.filter
def tag_url(tag):
    """The page of a django-taggit tag: ``{{ tag|tag_url }}``."""
    return slug_url("reviews:tag_detail", tag.slug)
