"""Addresses for objects without a ``get_absolute_url`` of their own."""

from django import template
from django.urls import reverse

register = template.Library()


@register.filter
def tag_url(tag):
    """The page of a django-taggit tag: ``{{ tag|tag_url }}``."""
    return reverse("reviews:tag_detail", kwargs={"slug": tag.slug})
