"""The admin front page's review queues: waiting for review, changes requested."""

from django import template

from ..models import WriteUp
from ..workflow import REVIEW

register = template.Library()
QUEUE_LENGTH = 20


@register.inclusion_tag("admin/reviews/writeup/queues.html", takes_context=True)
def workflow_queues(context):
    user = context["request"].user
    pieces = WriteUp.objects.not_trashed().select_related("created_by").order_by("updated_at")
    queues = []
    if user.has_perm(REVIEW):
        queues.append(
            {
                "id": "waiting-for-review",
                "title": "Waiting for review",
                "empty": "Nothing is waiting for review.",
                "writeups": pieces.filter(status=WriteUp.Status.IN_REVIEW)[:QUEUE_LENGTH],
            }
        )
    if user.has_perm("reviews.change_writeup"):
        returned = pieces.filter(status=WriteUp.Status.CHANGES_REQUESTED, created_by=user)
        queues.append(
            {
                "id": "changes-requested",
                "title": "Changes requested on your write-ups",
                "empty": "None of your write-ups has changes requested.",
                "writeups": returned[:QUEUE_LENGTH],
            }
        )
    return {"queues": queues}
