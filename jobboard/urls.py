from django.contrib import admin
from django.urls import include, path

from jobboard.views import HomeView

urlpatterns = [
    path("", HomeView.as_view(), name="home"),
    path("jobs/", include("jobs.urls")),
    path("salaries/", include("salaries.urls")),
    path("articles/", include("articles.urls")),
    path("admin/", admin.site.urls),
]
