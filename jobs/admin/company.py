from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Exists, OuterRef
from django.http import HttpResponseRedirect

from jobs import review, services
from jobs.admin.scoped import URL_FIELDS, CompanyScopedAdmin
from jobs.forms import CompanyForm, MembershipForm
from jobs.models import Company, CompanyChange, CompanyMembership
from jobs.staff import is_moderator


class CompanyMembershipInline(admin.TabularInline):
    model = CompanyMembership
    form = MembershipForm
    extra = 0
    fields = ["user", "created_at"]
    readonly_fields = ["created_at"]


class ChangeWaitingFilter(admin.SimpleListFilter):
    title = "change waiting for review"
    parameter_name = "waiting"

    def lookups(self, request, model_admin):
        return [("yes", "Yes"), ("no", "No")]

    def queryset(self, request, queryset):
        if self.value() in ("yes", "no"):
            return queryset.filter(has_waiting_change=self.value() == "yes")
        return queryset


@admin.register(Company)
class CompanyAdmin(CompanyScopedAdmin):
    """Employers edit their own company; what they change is public only once a moderator
    approves it (review.company_edit)."""

    form = CompanyForm
    formfield_overrides = URL_FIELDS
    list_display = ["name", "website", "job_count", "change_waiting"]
    list_filter = [ChangeWaitingFilter]
    fields = ["name", "slug", "website", "description"]
    search_fields = ["name"]
    ordering = ["name"]  # the job count groups rows, and grouped rows keep no default order
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        waiting = CompanyChange.objects.filter(company=OuterRef("pk"))
        return (
            super()
            .get_queryset(request)
            .annotate(job_count=Count("jobs", distinct=True), has_waiting_change=Exists(waiting))
        )

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)  # a class of its own for each request
        form.by = request.user
        return form

    def change_view(self, request, object_id, form_url="", extra_context=None):
        company = self.get_object(request, object_id)
        moderator = is_moderator(request.user)
        change = CompanyChange.objects.filter(company=company).first()
        extra_context = {
            **(extra_context or {}),
            "waiting_change": change,
            "differences": change.differences() if change and moderator else [],
            "edits_are_reviewed": not moderator,
        }
        return super().change_view(request, object_id, form_url, extra_context)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.save()  # a new company (moderators only): nothing public yet to keep
            return
        try:
            saved = review.company_edit(
                company=obj,
                changed=form.changed_data,
                by=request.user,
                version=form.cleaned_data.get("seen_version"),
            )
        except ValidationError as error:
            obj.refused = True
            self.message_user(request, " ".join(error.messages), messages.ERROR)
            return
        obj.version = saved.company.version  # what a decision made with this save names
        if saved.change_waiting:
            self.message_user(
                request,
                "Your change is saved and waits for a moderator's review. Until they approve it, "
                "the company's job pages show it as it was.",
                messages.WARNING,
            )

    def response_change(self, request, obj):
        if getattr(obj, "refused", False):
            return HttpResponseRedirect(request.path)
        approve, reject = "_approve_change" in request.POST, "_reject_change" in request.POST
        if not (approve or reject) or not is_moderator(request.user):
            return super().response_change(request, obj)
        decide = review.company_change_approve if approve else review.company_change_reject
        try:
            company = decide(company=obj, by=request.user, version=obj.version)
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
            return HttpResponseRedirect(request.path)
        verdict = "approved" if approve else "rejected"
        self.log_change(request, company, f"Change {verdict}")
        self.message_user(request, f"The change to {company} is {verdict}.", messages.SUCCESS)
        return HttpResponseRedirect(request.path)

    def log_change(self, request, obj, message):
        if not getattr(obj, "refused", False):
            return super().log_change(request, obj, message)
        return None

    @admin.display(boolean=True, description="change waiting", ordering="has_waiting_change")
    def change_waiting(self, company):
        return company.has_waiting_change

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
