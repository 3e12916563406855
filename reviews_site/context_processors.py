from django.conf import settings


def site(request):
    """The site's name and tagline, for the layout and its metadata."""
    return {"SITE_NAME": settings.SITE_NAME, "SITE_TAGLINE": settings.SITE_TAGLINE}
