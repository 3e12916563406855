# SCAFFOLD: replaced by the reviews pages work.
from django.views.generic import TemplateView


class _Scaffold(TemplateView):
    template_name = "base.html"


HomeView = WriteUpListView = WriteUpDetailView = TagDetailView = AuthorDetailView = _Scaffold
