"""Jobs in the back office: which columns, filters and fields each user gets, and the job's page,
where a save goes through the review workflow (jobs/review.py) and a moderator decides. The list's
columns are in columns.py, its filters in filters.py, its actions in actions.py."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.urls import reverse

from jobs import review, services
from jobs.admin.actions import JobActions
from jobs.admin.columns import JobColumns
from jobs.admin.filters import FeaturedFilter, WaitingFilter
from jobs.admin.scoped import URL_FIELDS, CompanyScopedAdmin
from jobs.forms import JobForm
from jobs.models import Company, Job, JobChange, JobStatus
from jobs.staff import is_moderator


@admin.register(Job)
class JobAdmin(JobActions, JobColumns, CompanyScopedAdmin):
    """Employers see and edit only their companies' jobs; moderators see all and decide."""

    form = JobForm
    formfield_overrides = URL_FIELDS
    search_fields = ["title", "company__name", "role__name", "location"]
    list_select_related = ["company", "role"]
    autocomplete_fields = ["company", "role"]
    date_hierarchy = "created_at"

    def get_queryset(self, request):
        return super().get_queryset(request).with_waiting_change()

    def get_list_display(self, request):
        if is_moderator(request.user):
            return [
                "title",
                "company",
                "review_status",
                "submitted",
                "salary",
                "salary_verdict",
                "salary_confirmed_by_employer",
                "ends",
                "is_featured",
            ]
        columns = ["title", "review_status", "review_reason", "salary", "salary_verdict", "ends"]
        if Company.objects.manageable_by(request.user).count() > 1:
            columns.insert(1, "company")
        return columns

    def get_list_filter(self, request):
        if is_moderator(request.user):
            return [
                WaitingFilter,
                "status",
                "salary_review",
                "salary_employer_confirmed",
                FeaturedFilter,
                ("company", admin.RelatedOnlyFieldListFilter),
                "employment_type",
                "experience_level",
                "remote_policy",
            ]
        return ["status", "salary_review", "employment_type", "experience_level"]

    def get_fieldsets(self, request, obj=None):
        moderator = is_moderator(request.user)
        salary = [("salary_min", "salary_max"), ("salary_currency", "salary_period")]
        if not moderator:
            salary.append("salary_is_correct")
        if obj is not None and obj.salary is not None:  # no verdict to show on no salary
            salary += ["salary_review", "salary_review_note"]
            if moderator:
                salary += ["salary_employer_confirmed", "salary_reviewer", "salary_reviewed_when"]
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
                    "fields": salary,
                    "description": "Optional, but jobs with a salary get more applicants. "
                    "Implausible figures are refused; unusual ones wait for a moderator before "
                    "job seekers see them.",
                },
            ),
            ("Description", {"fields": ["description"]}),
            ("How to apply", {"fields": ["apply_url", "apply_email"]}),
        ]
        if obj is not None:
            review = ["status", "submitted_when", "reviewed_when", "review_reason"]
            if moderator:
                review.insert(3, "reviewer")
            fieldsets.append(("Review", {"fields": review}))
        if obj is not None or moderator:
            fieldsets.append(
                (
                    "Publication",
                    {
                        "fields": [
                            "published_when",
                            *(
                                ["expires_at", "featured_until"]
                                if moderator
                                else ["expires_when", "featured_when"]  # theirs to read only
                            ),
                            "creator",
                            "created_when",
                            "updated_when",
                        ]
                    },
                )
            )
        return fieldsets

    def get_readonly_fields(self, request, obj=None):
        readonly = [
            "status",
            "published_when",
            "salary_review",
            "salary_review_note",
            "salary_employer_confirmed",
            "salary_reviewer",
            "salary_reviewed_when",
            "submitted_when",
            "reviewer",
            "reviewed_when",
            "review_reason",
            "creator",
            "created_when",
            "updated_when",
        ]
        if not is_moderator(request.user):
            # How long and how prominent: the board's, shown to employers as dates.
            readonly += ["expires_at", "featured_until", "expires_when", "featured_when"]
        return readonly

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)  # a class of its own for each request
        form.by = request.user
        if is_moderator(request.user):
            # The tick is the employer's word for a salary; moderators give their verdict instead.
            form.base_fields.pop("salary_is_correct", None)
        return form

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "company":
            kwargs["queryset"] = Company.objects.manageable_by(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        companies = Company.objects.manageable_by(request.user)
        if not is_moderator(request.user) and companies.count() == 1:
            initial.setdefault("company", companies.get().pk)
        return initial

    def change_view(self, request, object_id, form_url="", extra_context=None):
        job = self.get_object(request, object_id)
        moderator = is_moderator(request.user)
        if request.method == "GET" and job.status == JobStatus.REJECTED and job.review_reason:
            # The reason sits at the bottom of a long form: say it where the employer looks first.
            self.message_user(
                request,
                f"A moderator rejected this job: {job.review_reason} Change what they ask "
                "and save to send it back for review.",
                messages.WARNING,
            )
        change = JobChange.objects.filter(job=job).first()
        on_board = job.status == JobStatus.PUBLISHED
        extra_context = {
            **(extra_context or {}),
            "can_approve": moderator and job.status == JobStatus.PENDING,
            # Moderators decide on a change beside a job on the board only (review).
            "waiting_change": change if on_board or not moderator else None,
            "differences": change.differences() if change and moderator and on_board else [],
            # Said before saving: an employer's edit of a live job waits for a moderator.
            "edits_are_reviewed": not moderator and on_board,
        }
        return super().change_view(request, object_id, form_url, extra_context)

    def response_change(self, request, obj):
        if getattr(obj, "refused", False):
            return HttpResponseRedirect(request.path)
        if getattr(obj, "change_waiting", False):
            # Not Django's "changed successfully", which names the job as the change would.
            after = request.path if "_continue" in request.POST else None
            return HttpResponseRedirect(after or reverse("admin:jobs_job_changelist"))
        decisions = {
            "_approve": self._approve,
            "_approve_change": self._approve_change,
            "_reject_change": self._reject_change,
        }
        decide = next((decisions[name] for name in decisions if name in request.POST), None)
        if decide is None or not is_moderator(request.user):
            return super().response_change(request, obj)
        try:
            message = decide(request, obj)
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
            return HttpResponseRedirect(request.path)
        self.message_user(request, message, messages.SUCCESS)
        return HttpResponseRedirect(reverse("admin:jobs_job_changelist") + "?waiting=yes")

    # A decision from the job's page names the version this request saved (obj.version): one
    # saved since by someone else is refused.
    def _approve(self, request, obj):
        job = review.job_publish(job=obj, by=request.user, version=obj.version)
        self.log_change(request, job, "Approved and published")
        return f"“{job.title}” is approved and on the board."

    def _approve_change(self, request, obj):
        job = review.job_change_approve(job=obj, by=request.user, version=obj.version)
        self.log_change(request, job, "Change approved")
        return f"The change to “{job.title}” is approved: the job on the board shows it."

    def _reject_change(self, request, obj):
        reason = request.POST.get("change_reason", "")
        job = review.job_reject(job=obj, by=request.user, reason=reason, version=obj.version)
        self.log_change(request, job, f"Change rejected: {reason.strip()}")
        return f"The change to “{job.title}” is rejected; the job stays as it was."

    def save_model(self, request, obj, form, change):
        confirmed = form.cleaned_data.get("salary_is_correct", False)
        try:
            if change:
                saved = review.job_edit(
                    job=obj,
                    changed=form.changed_data,
                    by=request.user,
                    salary_confirmed=confirmed,
                    tags=form.cleaned_data.get("tags"),
                    version=form.cleaned_data.get("seen_version"),
                )
            else:
                saved = review.job_create(job=obj, by=request.user, salary_confirmed=confirmed)
        except ValidationError as error:
            # Saved again by someone else between the form's check and this save: nothing saved.
            obj.refused = True
            self.message_user(request, " ".join(error.messages), messages.ERROR)
            return
        obj.version = saved.job.version
        obj.change_waiting = saved.change_waiting
        if saved.change_waiting:
            self.message_user(
                request,
                "Your change is saved and waits for a moderator's review. Until they approve it, "
                "job seekers see the job as it was.",
                messages.WARNING,
            )
        elif saved.sent_for_review:
            self.message_user(
                request,
                "The job waits for a moderator's review; it goes on the board once approved.",
                messages.INFO,
            )
        if saved.salary_held:
            self.message_user(
                request,
                "The salary was saved but waits for a moderator before job seekers see it: "
                + saved.salary_note.replace("\n", " "),
                messages.WARNING,
            )

    def save_related(self, request, form, formsets, change):
        # The tags of a change that waits are the change's, not yet the live job's.
        if not getattr(form.instance, "refused", False) and not getattr(
            form.instance, "change_waiting", False
        ):
            super().save_related(request, form, formsets, change)

    def log_change(self, request, obj, message):
        if not getattr(obj, "refused", False):
            return super().log_change(request, obj, message)
        return None

    def view_on_site(self, job):
        # A job on the board has a page, and one not public yet a preview for its employer and
        # the moderators; an ended job's would only say it has ended.
        return job.get_absolute_url() if job.status != JobStatus.EXPIRED else None

    def delete_model(self, request, obj):
        services.job_delete(job=obj)

    def delete_queryset(self, request, queryset):
        services.jobs_delete(jobs=queryset)
