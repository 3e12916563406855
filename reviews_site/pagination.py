"""The paginator of every list page: a bounded count, and pages cut on the keys.

Why, with measurements: docs/performance.md, "Bounded lists".
"""

from contextlib import suppress

from django.core.paginator import Paginator
from django.utils.functional import cached_property

# No list is longer; a page number beyond it (?page=10**20) still makes a
# LIMIT that databases accept, and is answered 404 as past the last page.
MOST_ROWS = 2**53


class ListPaginator(Paginator):
    # Rows counted at least; a longer list is "count_limit+".
    count_limit = 1000

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.counted_to = self.count_limit

    def validate_number(self, number):
        # Count far enough for the requested page to know about the page after it.
        with suppress(TypeError, ValueError, OverflowError):
            wanted = int(number)
            reach = min(wanted * self.per_page + self.orphans, MOST_ROWS)
            self.counted_to = max(self.counted_to, reach)
        return super().validate_number(number)

    @cached_property
    def count(self):
        """The rows of the list, counted up to one past ``counted_to``."""
        return self.object_list.order_by().values("pk")[: self.counted_to + 1].count()

    @property
    def count_is_partial(self):
        """True when the list goes on past the rows counted."""
        return self.count > self.counted_to

    @property
    def count_shown(self):
        """The count for readers: at most ``counted_to``, with "+" when the list goes on."""
        return f"{self.counted_to:,}+" if self.count_is_partial else f"{self.count:,}"

    @property
    def num_pages_shown(self):
        """The number of pages for readers: "51+" when the list goes on past the count.

        Past the count there is at least one more row, so at least ``num_pages``.
        """
        return f"{self.num_pages:,}+" if self.count_is_partial else f"{self.num_pages:,}"

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        keys = self.object_list.values("pk")[bottom:top]
        return self._get_page(self.object_list.filter(pk__in=keys), number, self)
