from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import models, transaction

from jobs import services
from jobs.models import Company, CompanyMembership, Job, JobStatus
from salaries.choices import ReviewState
from salaries.formatting import format_salary

# A link typed without its scheme ("example.com/apply") is read as https, as Django 6 will.
URL_FIELDS = {models.URLField: {"assume_scheme": "https"}}


def is_moderator(request) -> bool:
    return services.is_moderator(request.user)


class CompanyMembershipInline(admin.TabularInline):
    model = CompanyMembership
    extra = 0
    raw_id_fields = ["user"]


@admin.register(Company)
class CompanyAdmin(admin.ModelAdmin):
    formfield_overrides = URL_FIELDS
    list_display = ["name", "website"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        return super().get_queryset(request).by(request.user)

    def get_inlines(self, request, obj):
        return [CompanyMembershipInline] if is_moderator(request) else []

    def get_readonly_fields(self, request, obj=None):
        return [] if is_moderator(request) else ["slug"]

    def get_prepopulated_fields(self, request, obj=None):
        return self.prepopulated_fields if is_moderator(request) else {}

    def delete_model(self, request, obj):
        self.delete_queryset(request, Company.objects.filter(pk=obj.pk))

    def delete_queryset(self, request, queryset):
        """Each job goes through job_delete first, so its statistics point goes with it."""
        with transaction.atomic():
            for job in Job.objects.filter(company__in=queryset):
                services.job_delete(job=job)
            queryset.delete()


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    """Employers see and edit only their companies' jobs; moderators see all and decide."""

    formfield_overrides = URL_FIELDS

    list_display = [
        "title",
        "company",
        "status",
        "salary",
        "salary_review",
        "published_at",
        "expires_at",
        "is_featured",
    ]
    list_filter = [
        "status",
        "salary_review",
        "employment_type",
        "experience_level",
        "remote_policy",
    ]
    search_fields = ["title", "company__name", "location"]
    list_select_related = ["company", "role"]
    autocomplete_fields = ["role"]
    actions = ["submit", "publish", "reject", "expire", "confirm_salary", "reject_salary"]
    fieldsets = [
        (None, {"fields": ["title", "company", "role", "tags"]}),
        (
            "Where and how",
            {
                "fields": [
                    "location",
                    "country",
                    "remote_policy",
                    "employment_type",
                    "experience_level",
                ]
            },
        ),
        (
            "Salary",
            {
                "fields": [
                    ("salary_min", "salary_max"),
                    ("salary_currency", "salary_period"),
                    "salary_review",
                    "salary_review_note",
                ],
                "description": "Optional, but jobs with a salary get more applicants. "
                "Implausible figures are refused; unusual ones wait for a moderator before "
                "job seekers see them.",
            },
        ),
        ("Description", {"fields": ["description"]}),
        ("How to apply", {"fields": ["apply_url", "apply_email"]}),
        (
            "Publication",
            {
                "fields": [
                    "status",
                    "published_at",
                    "expires_at",
                    "featured_until",
                    "created_by",
                    "created_at",
                    "updated_at",
                ]
            },
        ),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).by(request.user)

    def get_readonly_fields(self, request, obj=None):
        readonly = [
            "status",
            "published_at",
            "salary_review",
            "salary_review_note",
            "created_by",
            "created_at",
            "updated_at",
        ]
        if not is_moderator(request):
            readonly += ["expires_at", "featured_until"]  # how long and how prominent: the board's
        return readonly

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "company":
            kwargs["queryset"] = Company.objects.by(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        companies = Company.objects.by(request.user)
        if not is_moderator(request) and companies.count() == 1:
            initial.setdefault("company", companies.get().pk)
        return initial

    def save_model(self, request, obj, form, change):
        if change and not form.has_changed():
            return
        was_published = change and obj.status == JobStatus.PUBLISHED
        services.job_save(job=obj, by=request.user)
        if was_published and obj.status == JobStatus.PENDING:
            self.message_user(
                request,
                "Your changes are saved; the job is off the board until a moderator approves them.",
                messages.WARNING,
            )
        if obj.salary_review == ReviewState.NEEDS_REVIEW:
            self.message_user(
                request,
                "The salary was saved but waits for a moderator before job seekers see it: "
                + obj.salary_review_note.replace("\n", " "),
                messages.WARNING,
            )

    def has_moderate_permission(self, request):
        return is_moderator(request)

    def delete_model(self, request, obj):
        services.job_delete(job=obj)

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            for job in queryset:
                services.job_delete(job=job)

    @admin.display(description="salary")
    def salary(self, job):
        return format_salary(job.salary)

    @admin.display(boolean=True, description="featured")
    def is_featured(self, job):
        return job.is_featured

    def _each(self, request, queryset, action, done):
        changed = 0
        for job in queryset:
            try:
                action(job)
            except ValidationError as error:
                self.message_user(
                    request, f"{job.title}: {' '.join(error.messages)}", messages.ERROR
                )
            else:
                changed += 1
        if changed:
            self.message_user(request, f"{changed} job(s) {done}.", messages.SUCCESS)

    @admin.action(permissions=["change"], description="Submit for review")
    def submit(self, request, queryset):
        self._each(
            request, queryset, lambda job: services.job_submit(job=job), "submitted for review"
        )

    @admin.action(permissions=["moderate"], description="Publish")
    def publish(self, request, queryset):
        self._each(request, queryset, lambda job: services.job_publish(job=job), "published")

    @admin.action(permissions=["moderate"], description="Reject")
    def reject(self, request, queryset):
        self._each(request, queryset, lambda job: services.job_reject(job=job), "rejected")

    @admin.action(permissions=["change"], description="End now (expire)")
    def expire(self, request, queryset):
        self._each(request, queryset, lambda job: services.job_expire(job=job), "expired")

    @admin.action(permissions=["moderate"], description="Confirm salary: show and count it")
    def confirm_salary(self, request, queryset):
        self._each(
            request,
            queryset,
            lambda job: services.job_salary_review(job=job, state=ReviewState.ACCEPTED),
            "salary confirmed",
        )

    @admin.action(permissions=["moderate"], description="Reject salary: keep it hidden")
    def reject_salary(self, request, queryset):
        self._each(
            request,
            queryset,
            lambda job: services.job_salary_review(job=job, state=ReviewState.REJECTED),
            "salary rejected",
        )
