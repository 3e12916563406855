# SCAFFOLD: replaced by the feeds work.
from django.http import HttpResponse


class _Scaffold:
    def __call__(self, request, *args, **kwargs):
        return HttpResponse("")


LatestWriteUpsFeed = TagFeed = ShowFeed = _Scaffold
