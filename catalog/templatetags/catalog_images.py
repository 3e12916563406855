"""Template tags for stored images (show posters, person photos)."""

from django import template

register = template.Library()


@register.inclusion_tag("includes/image.html")
def picture(image, kind, alt, css_class=""):
    """An <img> for a stored image, or nothing when there is none.

    ``kind`` names the use ("poster" or "photo") so that the right renditions
    and sizes are chosen.
    """
    return {"image": image if image else None, "kind": kind, "alt": alt, "css_class": css_class}
