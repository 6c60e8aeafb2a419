from django.urls import path

from jobs import feeds, views

app_name = "jobs"

urlpatterns = [
    path("", views.JobListView.as_view(), name="list"),
    path("feed/rss/", feeds.JobRssFeed(), name="feed_rss"),
    path("feed/atom/", feeds.JobAtomFeed(), name="feed_atom"),
    path("<slug:slug>/", views.JobDetailView.as_view(), name="detail"),
]
