"""What the job list and the job's form show of a job, read-only: the list's columns (status with
the version the list's actions send along, salary and its verdict, dates) and the form's dates
and people. JobAdmin picks which of them each user sees."""

from django.contrib import admin
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html

from jobs.admin.actions import version_field
from jobs.models import JobStatus
from salaries.choices import ReviewState
from salaries.formatting import format_salary


def short_date(moment) -> str:
    """A list column's date: "22 Nov 2026", in the site's time zone; "-" when there is none."""
    return date_format(timezone.localtime(moment), "j M Y") if moment else "-"


def date_and_time(moment) -> str:
    """A form's moment in the lists' style: "22 Nov 2026, 15:04"; "-" when there is none."""
    return date_format(timezone.localtime(moment), "j M Y, H:i") if moment else "-"


def moment(field: str, description: str):
    """A read-only date of the job form, shown as date_and_time."""

    @admin.display(description=description)
    def display(self, job):
        return date_and_time(getattr(job, field))

    return display


class JobColumns:
    """The read-only columns and fields of JobAdmin."""

    @admin.display(description="salary")
    def salary(self, job):
        return format_salary(job.salary)

    @admin.display(boolean=True, description="featured")
    def is_featured(self, job):
        return job.is_featured

    @admin.display(description="employer says correct")
    def salary_confirmed_by_employer(self, job):
        # Only a flagged salary asks for the tick; elsewhere the column stays empty.
        if job.salary_review != ReviewState.NEEDS_REVIEW:
            return None
        return "yes" if job.salary_employer_confirmed else "no"

    # Users as plain names: a link to the user's page would be a 403 for all but superusers.
    @admin.display(description="created by")
    def creator(self, job):
        return job.created_by.get_username() if job.created_by else None

    @admin.display(description="reviewed by")
    def reviewer(self, job):
        return job.reviewed_by.get_username() if job.reviewed_by else None

    @admin.display(description="salary reviewed by")
    def salary_reviewer(self, job):
        return job.salary_reviewed_by.get_username() if job.salary_reviewed_by else None

    published_when = moment("published_at", "published")
    expires_when = moment("expires_at", "expires at")
    featured_when = moment("featured_until", "featured until")
    submitted_when = moment("submitted_at", "submitted")
    reviewed_when = moment("reviewed_at", "reviewed")
    salary_reviewed_when = moment("salary_reviewed_at", "salary reviewed")
    created_when = moment("created_at", "created")
    updated_when = moment("updated_at", "updated")

    @admin.display(description="status", ordering="status")
    def review_status(self, job):
        """The status, with the version this row shows: the list's actions send it along, so a
        decision is refused for a job saved again since the list was loaded."""
        status = job.get_status_display()
        if job.has_waiting_change and job.status == JobStatus.PUBLISHED:
            status += ", change waiting for review"
        return format_html(
            '{}<input type="hidden" name="{}" value="{}">',
            status,
            version_field(job.pk),
            job.version,
        )

    @admin.display(description="salary review", ordering="salary_review")
    def salary_verdict(self, job):
        # A job without a salary has no verdict to show ("Accepted" would be about nothing).
        return job.get_salary_review_display() if job.salary is not None else "-"

    @admin.display(description="submitted", ordering="submitted_at")
    def submitted(self, job):
        return short_date(job.submitted_at)

    @admin.display(description="ends", ordering="expires_at")
    def ends(self, job):
        return short_date(job.expires_at)
