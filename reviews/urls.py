from django.urls import path

from reviews_site.search.views import SearchView

from . import feeds, views

app_name = "reviews"

urlpatterns = [
    path("reviews/", views.WriteUpListView.as_view(), name="writeup_list"),
    path("reviews/<slug:slug>/", views.WriteUpDetailView.as_view(), name="writeup_detail"),
    path("tags/<str:slug>/", views.TagDetailView.as_view(), name="tag_detail"),
    path("authors/<slug:slug>/", views.AuthorDetailView.as_view(), name="author_detail"),
    path("search/", SearchView.as_view(), name="search"),
    path("feeds/latest/", feeds.LatestWriteUpsFeed(), name="feed_latest"),
    path("tags/<str:slug>/feed/", feeds.TagFeed(), name="feed_tag"),
    path("shows/<slug:slug>/feed/", feeds.ShowFeed(), name="feed_show"),
]
