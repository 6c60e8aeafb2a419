from django.urls import path

from jobs import views

app_name = "jobs"

urlpatterns = [
    path("", views.JobListView.as_view(), name="list"),
    path("<slug:slug>/", views.JobDetailView.as_view(), name="detail"),
]
