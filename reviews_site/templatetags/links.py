"""Addresses for objects without a ``get_absolute_url`` of their own."""

from django import template

from reviews_site import slugs

register = template.Library()

# The page of a django-taggit tag: ``{{ tag|tag_url }}``.
register.filter("tag_url", slugs.tag_url)
