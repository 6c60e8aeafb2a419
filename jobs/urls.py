from django.urls import path

from jobs import feeds, indeed_feed, views

app_name = "jobs"

urlpatterns = [
    path("", views.JobListView.as_view(), name="list"),
    path("feed/rss/", feeds.JobRssFeed(), name="feed_rss"),
    path("feed/atom/", feeds.JobAtomFeed(), name="feed_atom"),
    path("feed/indeed.xml", indeed_feed.indeed_feed, name="feed_indeed"),
    path("<slug:slug>/", views.JobDetailView.as_view(), name="detail"),
]
