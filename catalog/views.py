# SCAFFOLD: replaced by the catalog pages work.
from django.views.generic import TemplateView


class _Scaffold(TemplateView):
    template_name = "base.html"


ShowListView = ShowDetailView = EpisodeDetailView = _Scaffold
PersonListView = PersonDetailView = SongListView = SongDetailView = _Scaffold
