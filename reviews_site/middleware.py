"""Site-wide request guards."""

from django.http import HttpResponseBadRequest
from django.template.loader import render_to_string


class RejectNulBytesMiddleware:
    """Answer 400 to a request whose path or query string holds a NUL byte.

    No page has a use for one, and PostgreSQL refuses NUL in text, so letting
    one reach a query would turn a typo or a probe into a server error.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            "\x00" in request.path
            or "\x00" in request.META.get("QUERY_STRING", "")
            or any(
                "\x00" in key or any("\x00" in value for value in values)
                for key, values in request.GET.lists()
            )
        ):
            body = render_to_string(
                "400.html",
                {"message": "The address contains a character that is not allowed (NUL)."},
                request=request,
            )
            return HttpResponseBadRequest(body)
        return self.get_response(request)
