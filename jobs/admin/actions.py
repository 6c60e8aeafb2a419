"""The job list's actions: the moderators' decisions, and an employer's "End now"."""

from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.exceptions import ValidationError
from django.template.response import TemplateResponse

from jobs import review, services
from jobs.forms import ConfirmForm, FeatureForm, RejectForm
from jobs.staff import is_moderator
from salaries.choices import ReviewState


def version_field(pk) -> str:
    """The name of the list's hidden input holding the version a row shows."""
    return f"version-{pk}"


def seen_version(request, job) -> int:
    """The version of `job` the list showed when its action was chosen; -1 (which no job has,
    so the decision is refused) when the request does not say."""
    try:
        return int(request.POST.get(version_field(job.pk), ""))
    except ValueError:
        return -1


class JobActions:
    """For JobAdmin: each action runs a service per selected job and reports what it did."""

    actions = [
        "publish",
        "reject",
        "feature",
        "unfeature",
        "expire",
        "confirm_salary",
        "reject_salary",
    ]

    def has_moderate_permission(self, request):
        return is_moderator(request.user)

    def _each(self, request, queryset, action, done):
        """Run a service on each selected job; a refusal is reported and the others go ahead."""
        changed = 0
        for job in queryset:
            try:
                job = action(job)
            except ValidationError as error:
                self.message_user(
                    request, f"{job.title}: {' '.join(error.messages)}", messages.ERROR
                )
            else:
                self.log_change(request, job, done.capitalize())
                changed += 1
        if changed:
            jobs = "job" if changed == 1 else "jobs"
            self.message_user(request, f"{changed} {jobs} {done}.", messages.SUCCESS)

    def _each_asked(
        self, request, queryset, form_class, *, title, button, service, done, warning=""
    ):
        """An action that needs something first (a reason, a number of days, a yes): a page
        between choosing the action and running it asks for it; then service(job, **answers) runs
        on each selected job."""
        form = form_class(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            answers = form.cleaned_data
            self._each(request, queryset, lambda job: service(job, **answers), done(**answers))
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": title,
            "opts": self.opts,
            "queryset": queryset.select_related("company"),
            "form": form,
            "action": request.POST["action"],
            "button": button,
            "warning": warning,
            "action_checkbox_name": ACTION_CHECKBOX_NAME,
            # Carried to the answer, so the decision still names the versions the list showed.
            "versions": {
                version_field(job.pk): request.POST.get(version_field(job.pk), "")
                for job in queryset
            },
        }
        return TemplateResponse(request, "admin/jobs/job/action_form.html", context)

    @admin.action(
        permissions=["moderate"], description="Approve: publish, or apply the change waiting"
    )
    def publish(self, request, queryset):
        self._each(
            request,
            queryset,
            lambda job: review.job_approve(
                job=job, by=request.user, version=seen_version(request, job)
            ),
            "approved",
        )

    @admin.action(
        permissions=["moderate"], description="Reject what waits, with a reason for the employer…"
    )
    def reject(self, request, queryset):
        return self._each_asked(
            request,
            queryset,
            RejectForm,
            title="Reject jobs",
            button="Reject",
            service=lambda job, reason: review.job_reject(
                job=job, by=request.user, reason=reason, version=seen_version(request, job)
            ),
            done=lambda reason: "rejected",
        )

    @admin.action(permissions=["moderate"], description="Feature for a number of days…")
    def feature(self, request, queryset):
        return self._each_asked(
            request,
            queryset,
            FeatureForm,
            title="Feature jobs",
            button="Feature",
            service=lambda job, days: services.job_feature(job=job, days=days),
            done=lambda days: f"featured for {days} days",
        )

    @admin.action(permissions=["moderate"], description="Stop featuring")
    def unfeature(self, request, queryset):
        self._each(
            request, queryset, lambda job: services.job_unfeature(job=job), "no longer featured"
        )

    @admin.action(permissions=["change"], description="End now (expire)…")
    def expire(self, request, queryset):
        return self._each_asked(
            request,
            queryset,
            ConfirmForm,
            title="End jobs now?",
            button="Yes, end them now",
            warning="They leave the board at once and cannot be put back as they were: an "
            "ended job goes on the board again only by renewing it, after a moderator's review.",
            service=lambda job: services.job_expire(job=job),
            done=lambda: "ended",
        )

    @admin.action(permissions=["moderate"], description="Confirm salary: show and count it")
    def confirm_salary(self, request, queryset):
        self._salary_verdict(request, queryset, ReviewState.ACCEPTED, "salary confirmed")

    @admin.action(permissions=["moderate"], description="Reject salary: keep it hidden")
    def reject_salary(self, request, queryset):
        self._salary_verdict(request, queryset, ReviewState.REJECTED, "salary rejected")

    def _salary_verdict(self, request, queryset, state, done):
        self._each(
            request,
            queryset,
            lambda job: review.job_salary_review(job=job, state=state, by=request.user),
            done,
        )
