from django.contrib import admin
from django.urls import path

from jobs import employer_views, feeds, indeed_feed, views

app_name = "jobs"

urlpatterns = [
    path("", views.JobListView.as_view(), name="list"),
    path("feed/rss/", feeds.JobRssFeed(), name="feed_rss"),
    path("feed/atom/", feeds.JobAtomFeed(), name="feed_atom"),
    path("renew/<str:token>/", employer_views.RenewJobView.as_view(), name="renew"),
    # Signed-in staff only, in the admin's look: employers live in the admin.
    path(
        "account/emails/",
        admin.site.admin_view(employer_views.EmailSettingsView.as_view()),
        name="email_settings",
    ),
    path("feed/indeed.xml", indeed_feed.indeed_feed, name="feed_indeed"),
    path("<slug:slug>/", views.JobDetailView.as_view(), name="detail"),
]

# /companies/<slug>/, included by the site's urls under its own namespace.
company_urlpatterns = (
    [path("<slug:slug>/", views.CompanyDetailView.as_view(), name="detail")],
    "companies",
)
