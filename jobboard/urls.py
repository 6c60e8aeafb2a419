from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path
from django.views.generic import TemplateView

from articles.sitemaps import ArticleSitemap
from jobboard.views import HomeView, healthz, readyz, site_changes_at
from jobs.sitemaps import JobSitemap
from jobs.urls import company_urlpatterns
from salaries.sitemaps import RoleSitemap
from web.cache import cached_page

SITEMAPS = {"jobs": JobSitemap, "salaries": RoleSitemap, "articles": ArticleSitemap}
# What the sitemaps list: visible jobs, roles with figures, published articles.
sitemap_cached = {"topics": ("jobs", "salaries", "articles"), "until": site_changes_at}

urlpatterns = [
    path("", HomeView.as_view(), name="home"),
    path("jobs/", include("jobs.urls")),
    path("companies/", include(company_urlpatterns)),
    path("salaries/", include("salaries.urls")),
    path("articles/", include("articles.urls")),
    path("alerts/", include("alerts.urls")),
    path("api/", include("api.urls")),
    # An index of sections, each split in pages of JobSitemap.limit URLs.
    path(
        "sitemap.xml",
        cached_page("sitemap-index", **sitemap_cached)(sitemap_views.index),
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap-section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        cached_page("sitemap", **sitemap_cached)(sitemap_views.sitemap),
        {"sitemaps": SITEMAPS},
        name="sitemap-section",
    ),
    path(
        "robots.txt",
        TemplateView.as_view(template_name="robots.txt", content_type="text/plain"),
        name="robots",
    ),
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
    path("readyz", readyz, name="readyz"),
]

# 403 and 404 use Django's handlers with templates/403.html and 404.html.
handler400 = "jobboard.views.bad_request"
handler500 = "jobboard.views.server_error"
