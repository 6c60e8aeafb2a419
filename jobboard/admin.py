from django.contrib import admin


class JobboardAdminSite(admin.AdminSite):
    site_header = "Jobboard administration"
    site_title = "Jobboard admin"
    index_title = "Jobs, salaries and articles"
