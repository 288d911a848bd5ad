from django.urls import path

from kowes.page_cache import conditional
from news import feeds, views

app_name = "news"
urlpatterns = [
    path("aktualnosci/", views.PostListView.as_view(), name="post-list"),
    path("aktualnosci/rss/", conditional(feeds.LatestPostsFeed()), name="feed-rss"),
    path("aktualnosci/atom/", conditional(feeds.LatestPostsAtomFeed()), name="feed-atom"),
    path(
        "aktualnosci/kategoria/<slug:slug>/",
        views.CategoryPostListView.as_view(),
        name="category",
    ),
    path("aktualnosci/<slug:slug>/", views.PostDetailView.as_view(), name="post-detail"),
]
