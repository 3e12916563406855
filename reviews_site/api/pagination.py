"""Cursor pagination whose bad cursors and page sizes are answered 400, not 404 or ignored."""

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import CursorPagination

# The largest value a 64-bit integer column holds: a bigger cursor position is
# refused here, not by the database driver (SQLite raises OverflowError).
LARGEST_KEY = 2**63 - 1
INVALID_CURSOR = "This cursor is not valid: use the next or previous link of a page."


class ApiCursorPagination(CursorPagination):
    """Pages cut on a stable key (the primary key unless a view says otherwise).

    A cursor is DRF's opaque token: a position in the ordering, so a row added
    or removed while a client walks the list neither repeats nor skips others.
    """

    ordering = "pk"
    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100

    def get_page_size(self, request):
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        if not raw.isascii() or not raw.isdigit() or not 1 <= int(raw) <= self.max_page_size:
            raise ValidationError(
                {"page_size": [f"Give a whole number from 1 to {self.max_page_size}."]}
            )
        return int(raw)

    def decode_cursor(self, request):
        try:
            cursor = super().decode_cursor(request)
        except NotFound:
            raise ValidationError(
                {self.cursor_query_param: ["This cursor is not valid."]}
            ) from None
        if cursor is not None and cursor.position is not None:
            self._check_position(cursor.position)
        return cursor

    def _check_position(self, position):
        """A position the ordering's first column can hold, so a forged cursor cannot 500."""
        name = self.get_ordering(self._request, self._queryset, self._view)[0].lstrip("-")
        meta = self._queryset.model._meta
        field = meta.pk if name == "pk" else meta.get_field(name)
        try:
            value = field.to_python(position)
        except (DjangoValidationError, ValueError, TypeError, OverflowError):
            value = None
        if value is None or (isinstance(value, int) and abs(value) > LARGEST_KEY):
            raise ValidationError({self.cursor_query_param: [INVALID_CURSOR]})

    def paginate_queryset(self, queryset, request, view=None):
        self._request, self._queryset, self._view = request, queryset, view
        return super().paginate_queryset(queryset, request, view)
