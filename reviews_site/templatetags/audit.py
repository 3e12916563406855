"""The admin's history pages, read from the audit trail that outlives accounts (models/audit.py)."""

from django import template
from django.contrib.admin.views.main import PAGE_VAR
from django.core.paginator import Paginator

from reviews_site.models import AuditEntry

register = template.Library()

PER_PAGE = 100  # as Django's own history page


@register.inclusion_tag("admin/includes/audit_history.html", takes_context=True)
def audit_history(context, obj):
    """The history of ``obj``, oldest first, a page at a time: ``{% audit_history object %}``."""
    entries = AuditEntry.objects.for_object(obj).order_by("action_time", "pk")
    paginator = Paginator(entries, PER_PAGE)
    page = paginator.get_page(context["request"].GET.get(PAGE_VAR, 1))
    return {
        "action_list": page,
        "page_range": paginator.get_elided_page_range(page.number),
        "page_var": PAGE_VAR,
        "pagination_required": paginator.num_pages > 1,
    }
