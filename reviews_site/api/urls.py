"""/api/v1/: the read API and its OpenAPI schema (docs/api.md)."""

from django.urls import path, re_path
from drf_spectacular.views import SpectacularAPIView

from . import views

app_name = "api"


class SchemaView(SpectacularAPIView):
    """The OpenAPI 3 schema: YAML, or JSON with ?format=json. Served alone, without a UI
    (Swagger UI and Redoc would load their assets from a CDN)."""

    query_parameters = frozenset({"format", "lang"})


urlpatterns = [
    path("", views.ApiRootView.as_view(), name="root"),
    path("schema/", SchemaView.as_view(), name="schema"),
    path("shows/", views.ShowListView.as_view(), name="show_list"),
    path("shows/<slug:slug>/", views.ShowDetailView.as_view(), name="show_detail"),
    path("people/", views.PersonListView.as_view(), name="person_list"),
    path("people/<slug:slug>/", views.PersonDetailView.as_view(), name="person_detail"),
    path("songs/", views.SongListView.as_view(), name="song_list"),
    path("songs/<slug:slug>/", views.SongDetailView.as_view(), name="song_detail"),
    path("writeups/", views.WriteUpListView.as_view(), name="writeup_list"),
    path("writeups/<slug:slug>/", views.WriteUpDetailView.as_view(), name="writeup_detail"),
    path("tags/", views.TagListView.as_view(), name="tag_list"),
    path("tags/<str:slug>/", views.TagDetailView.as_view(), name="tag_detail"),
    path("search/", views.SearchView.as_view(), name="search"),
    # Only addresses ending in a slash: /api/v1/shows still redirects to /api/v1/shows/.
    re_path(r"^.*/\Z", views.NotFoundView.as_view()),
]
