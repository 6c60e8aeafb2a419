from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path

from articles.sitemaps import ArticleSitemap
from jobboard.views import HomeView, healthz
from jobs.sitemaps import JobSitemap
from salaries.sitemaps import RoleSitemap

SITEMAPS = {"jobs": JobSitemap, "salaries": RoleSitemap, "articles": ArticleSitemap}

urlpatterns = [
    path("", HomeView.as_view(), name="home"),
    path("jobs/", include("jobs.urls")),
    path("salaries/", include("salaries.urls")),
    path("articles/", include("articles.urls")),
    path(
        "sitemap.xml",
        sitemap_views.sitemap,
        {"sitemaps": SITEMAPS},
        name="django.contrib.sitemaps.views.sitemap",
    ),
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
]

# 400, 403 and 404 use Django's handlers with templates/400.html, 403.html and 404.html.
handler500 = "jobboard.views.server_error"
