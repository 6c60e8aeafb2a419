from dataclasses import dataclass

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.admin.views.autocomplete import AutocompleteJsonView
from django.contrib.contenttypes.models import ContentType
from django.contrib.contenttypes.views import shortcut
from django.db.models import Count
from django.http import Http404
from django.urls import path, reverse
from django.utils.http import urlencode

from jobs.models import Job, JobStatus
from jobs.services import FEATURE_ENDING_SOON_DAYS
from jobs.staff import is_moderator
from salaries.choices import ReviewState
from salaries.models import SalaryRecord, SalaryReviewItem


class LabelledAutocomplete(AutocompleteJsonView):
    """Django's choice search, where a model admin may word its choices (`autocomplete_label`),
    e.g. a role with how many salaries it has."""

    def serialize_result(self, obj, to_field_name):
        result = super().serialize_result(obj, to_field_name)
        label = getattr(self.model_admin, "autocomplete_label", None)
        return {**result, "text": label(obj)} if label else result


@dataclass(frozen=True)
class WaitingItem:
    label: str
    count: int
    url: str


def changelist_url(model, **filters) -> str:
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    return f"{url}?{urlencode(filters)}" if filters else url


class JobboardAdminSite(admin.AdminSite):
    site_header = "Jobboard admin"
    site_title = "Jobboard admin"
    index_title = "Dashboard"
    index_template = "admin/dashboard.html"
    # The lists need the width (a job has nine columns); the breadcrumbs lead home.
    enable_nav_sidebar = False

    def index(self, request, extra_context=None):
        if is_moderator(request.user):
            title, waiting = "Waiting for you", moderator_queue(request.user)
        elif request.user.has_perm("jobs.view_job"):
            title, waiting = "Your jobs", employer_jobs(request.user)
        else:
            title, waiting = "", []
        context = {"waiting_title": title, "waiting": waiting, **(extra_context or {})}
        return super().index(request, context)

    def autocomplete_view(self, request):
        return LabelledAutocomplete.as_view(admin_site=self)(request)

    def get_urls(self):
        urls = super().get_urls()
        return [
            path(
                "r/<int:content_type_id>/<path:object_id>/",
                self.admin_view(self.view_on_site),
                name="view_on_site",
            )
            if getattr(url, "name", None) == "view_on_site"
            else url
            for url in urls
        ]

    def view_on_site(self, request, content_type_id, object_id):
        """Django's "view on site" redirect, for objects the user may see in this admin only.

        Django's own answers any staff user for any object, so an employer could read the title of
        another company's unpublished job in its URL.
        """
        try:
            model = ContentType.objects.get_for_id(content_type_id).model_class()
        except ContentType.DoesNotExist:
            raise Http404("No such object.") from None
        model_admin = self._registry.get(model)
        if model_admin is None:
            raise Http404("No such object.")
        obj = model_admin.get_object(request, unquote(object_id))
        if obj is None or not model_admin.has_view_or_change_permission(request, obj):
            raise Http404("No such object.")
        return shortcut(request, content_type_id, object_id)


def moderator_queue(user) -> list[WaitingItem]:
    """What moderators have to decide, each count linking to the filtered list it counts."""
    flagged = Job.objects.filter(salary_review=ReviewState.NEEDS_REVIEW)
    items = [
        WaitingItem(
            "Jobs pending review",
            Job.objects.filter(status=JobStatus.PENDING).count(),
            changelist_url(Job, status__exact=JobStatus.PENDING),
        ),
        WaitingItem(
            "Job salaries flagged by the rules",
            flagged.count(),
            changelist_url(Job, salary_review__exact=ReviewState.NEEDS_REVIEW),
        ),
        WaitingItem(
            "… of which the employer says are correct",
            flagged.filter(salary_employer_confirmed=True).count(),
            changelist_url(
                Job,
                salary_review__exact=ReviewState.NEEDS_REVIEW,
                salary_employer_confirmed__exact=1,
            ),
        ),
    ]
    if user.has_perm("salaries.view_salaryreviewitem"):
        items.append(
            WaitingItem(
                "Survey salaries flagged by the rules",
                SalaryRecord.objects.needs_review().count(),
                changelist_url(SalaryReviewItem),
            )
        )
    items.append(
        WaitingItem(
            f"Featured jobs ending within {FEATURE_ENDING_SOON_DAYS} days",
            Job.objects.featured_ending_within(FEATURE_ENDING_SOON_DAYS).count(),
            changelist_url(Job, featured="ending_soon"),
        )
    )
    return items


def employer_jobs(user) -> list[WaitingItem]:
    """An employer's own jobs by review state, so that a rejection and its reason are seen."""
    counts = dict(
        Job.objects.manageable_by(user).order_by().values_list("status").annotate(count=Count("pk"))
    )
    return [
        WaitingItem(
            status.label, counts.get(status.value, 0), changelist_url(Job, status__exact=status)
        )
        for status in (JobStatus.PENDING, JobStatus.REJECTED, JobStatus.PUBLISHED)
    ]
