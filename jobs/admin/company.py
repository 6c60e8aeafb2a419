from django.contrib import admin
from django.db.models import Count

from jobs import services
from jobs.admin.scoped import URL_FIELDS, CompanyScopedAdmin
from jobs.forms import MembershipForm
from jobs.models import Company, CompanyMembership
from jobs.staff import is_moderator


class CompanyMembershipInline(admin.TabularInline):
    model = CompanyMembership
    form = MembershipForm
    extra = 0
    fields = ["user", "created_at"]
    readonly_fields = ["created_at"]


@admin.register(Company)
class CompanyAdmin(CompanyScopedAdmin):
    formfield_overrides = URL_FIELDS
    list_display = ["name", "website", "job_count"]
    search_fields = ["name"]
    ordering = ["name"]  # the job count groups rows, and grouped rows keep no default order
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(job_count=Count("jobs", distinct=True))

    def get_inlines(self, request, obj):
        return [CompanyMembershipInline] if is_moderator(request.user) else []

    def get_readonly_fields(self, request, obj=None):
        return [] if is_moderator(request.user) else ["slug"]

    def get_prepopulated_fields(self, request, obj=None):
        return self.prepopulated_fields if is_moderator(request.user) else {}

    @admin.display(description="jobs", ordering="job_count")
    def job_count(self, company):
        return company.job_count

    def delete_model(self, request, obj):
        services.companies_delete(companies=Company.objects.filter(pk=obj.pk))

    def delete_queryset(self, request, queryset):
        services.companies_delete(companies=queryset)
