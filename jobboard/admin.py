import functools
import logging
from dataclasses import dataclass

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_lockout_response
from django.conf import settings
from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.admin.views.autocomplete import AutocompleteJsonView
from django.contrib.auth.signals import user_login_failed
from django.contrib.contenttypes.models import ContentType
from django.contrib.contenttypes.views import shortcut
from django.db import DataError
from django.db.models import Count
from django.http import Http404, HttpResponseBadRequest
from django.template.response import SimpleTemplateResponse
from django.urls import path, reverse
from django.utils.http import urlencode

from jobs.models import Company, CompanyChange, Job, JobStatus
from jobs.services import FEATURE_ENDING_SOON_DAYS
from jobs.staff import is_moderator
from salaries.choices import ReviewState
from salaries.models import SalaryRecord, SalaryReviewItem

logger = logging.getLogger(__name__)

# What Django's admin raises when a parameter cannot be read as the field it names: int("abc")
# for an id in a form, an action's selection or a filter, a number too big for the database.
UNREADABLE_INPUT = (ValueError, OverflowError, DataError)


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

    def admin_view(self, view, cacheable=False):
        return super().admin_view(_unreadable_input_is_400(view), cacheable)

    def password_change(self, request, extra_context=None):
        """Django's page, paused like the login: a wrong old password is a failed sign-in of this
        user from this address (django-axes counts both together), and while paused no guess is
        checked at all (issue 19: a session could guess without limit)."""
        credentials = {"username": request.user.get_username()}
        if request.method != "POST" or not settings.AXES_ENABLED:
            return super().password_change(request, extra_context)
        if not AxesProxyHandler.is_allowed(request, credentials):
            # As at the login, a try while paused counts, and starts the pause again.
            user_login_failed.send(sender=__name__, credentials=credentials, request=request)
            return get_lockout_response(request, None, credentials)
        response = super().password_change(request, extra_context)
        form = (getattr(response, "context_data", None) or {}).get("form")
        if form is not None and form.has_error("old_password", "password_incorrect"):
            # At the limit axes marks the request, and its middleware answers the lockout page.
            user_login_failed.send(sender=__name__, credentials=credentials, request=request)
        return response

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


def _holds_nul(query) -> bool:
    return any("\x00" in key or any("\x00" in v for v in values) for key, values in query.lists())


def _unreadable_input_is_400(view):
    """Every admin view: input no field can read answers 400 with a message, never 500.

    Issue 19: an authenticated scan found 101 answers 500: `?status__exact=%00` (PostgreSQL cannot
    hold a NUL in a text, and every query with one raised), `company=abc` in a job form,
    `_selected_action=abc` in any list's action, `role__exact=` a 23-digit number. Django's admin
    reads such values in many places, some while the page is drawn (the autocomplete widgets look
    the submitted id up), so the page is drawn here, inside the check. Public pages name the
    parameter they cannot use in their own 400s (tests/jobboard/test_fuzz.py).
    """

    @functools.wraps(view)
    def checked(request, *args, **kwargs):
        if _holds_nul(request.GET) or _holds_nul(request.POST):
            return _bad_request("This request holds a NUL character (%00), which no field accepts.")
        try:
            response = view(request, *args, **kwargs)
            if isinstance(response, SimpleTemplateResponse) and not response.is_rendered:
                response.render()
            return response
        except UNREADABLE_INPUT as error:
            logger.warning(
                "Admin input no field can read: %s %s: %s", request.method, request.path, error
            )
            return _bad_request(
                "This request holds a value the page cannot read, such as a word where an id "
                "goes. Go back to the page and try again."
            )

    return checked


def _bad_request(message: str) -> HttpResponseBadRequest:
    return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")


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
            "Changes of jobs on the board",
            Job.objects.with_change_waiting().count(),
            changelist_url(Job, waiting="change"),
        ),
        WaitingItem(
            "Changes of companies",
            CompanyChange.objects.count(),
            changelist_url(Company, waiting="yes"),
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
