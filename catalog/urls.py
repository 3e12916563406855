from django.urls import path

from . import views

app_name = "catalog"

urlpatterns = [
    path("shows/", views.ShowListView.as_view(), name="show_list"),
    path("shows/<slug:slug>/", views.ShowDetailView.as_view(), name="show_detail"),
    path("shows/<slug:slug>/watched/", views.WatchedProgressView.as_view(), name="show_watched"),
    path(
        "shows/<slug:slug>/episodes/<int:number>/",
        views.EpisodeDetailView.as_view(),
        name="episode_detail",
    ),
    path("people/", views.PersonListView.as_view(), name="person_list"),
    path("people/<slug:slug>/", views.PersonDetailView.as_view(), name="person_detail"),
    path("songs/", views.SongListView.as_view(), name="song_list"),
    path("songs/<slug:slug>/", views.SongDetailView.as_view(), name="song_detail"),
    path("data/names.json", views.NamesJSONView.as_view(), name="names_json"),
    path("data/names.csv", views.NamesCSVView.as_view(), name="names_csv"),
]
