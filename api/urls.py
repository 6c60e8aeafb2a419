from django.urls import path, re_path
from drf_spectacular.views import SpectacularJSONAPIView

from api import views

app_name = "api"

# Version 1 lives under v1/: what may change within it is in the README ("API", "Versions").
urlpatterns = [
    path("schema/", SpectacularJSONAPIView.as_view(), name="schema"),
    path("docs/", views.ApiDocsView.as_view(url_name="api:schema"), name="docs"),
    path("v1/jobs/", views.JobList.as_view(), name="job_list"),
    path("v1/jobs/<slug:slug>/", views.JobDetail.as_view(), name="job_detail"),
    path("v1/companies/", views.CompanyList.as_view(), name="company_list"),
    path("v1/companies/<slug:slug>/", views.CompanyDetail.as_view(), name="company_detail"),
    path("v1/roles/", views.RoleList.as_view(), name="role_list"),
    path("v1/roles/<slug:slug>/", views.RoleDetail.as_view(), name="role_detail"),
    path("v1/roles/<slug:slug>/position/", views.RolePosition.as_view(), name="role_position"),
    path("v1/articles/", views.ArticleList.as_view(), name="article_list"),
    path("v1/articles/<slug:slug>/", views.ArticleDetail.as_view(), name="article_detail"),
    re_path(r"^", views.NoEndpoint.as_view()),
]
