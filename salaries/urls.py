from django.urls import path

from salaries import views

app_name = "salaries"

urlpatterns = [
    path("", views.RoleListView.as_view(), name="role_list"),
    path("<slug:slug>.json", views.RoleSalaryJsonView.as_view(), name="role_json"),
    path("<slug:slug>/", views.RoleSalaryView.as_view(), name="role"),
    path("<slug:slug>/position/", views.RolePositionView.as_view(), name="position"),
    path("<slug:slug>/position.json", views.RolePositionJsonView.as_view(), name="position_json"),
]
