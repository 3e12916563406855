"""How often an anonymous client may ask the API for an answer the page cache did not have."""

from django.conf import settings
from rest_framework.throttling import AnonRateThrottle

from reviews_site.login import client_ip


class AnonymousClientThrottle(AnonRateThrottle):
    """DRF's throttle in the default cache, the rate read at each request (API_ANON_RATE).

    Read per request, not once at import, so that a deployment (or a test) can
    change it. The client is found as the login throttle finds it, behind the
    same proxies. The cache backend turns Redis being away into misses, so the
    throttle then lets requests through rather than failing them.
    """

    def get_rate(self):
        return settings.API_ANON_RATE

    def get_ident(self, request):
        return client_ip(request) or ""
