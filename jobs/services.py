"""Writes that take more than one step: the life of a job from draft to expiry.

A published job with an accepted salary adds one point to the salary statistics, as a salary record
written here when it is published and removed when it ends, so `salaries` never needs to know jobs.
The record also carries the job's end date, so the point stops counting the moment the job does.

Every service locks the job's row first: two moderators pressing "Publish" at once, or an employer
saving while a moderator publishes, queue up instead of writing over each other.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from jobs.models import Job, JobStatus
from salaries.choices import ReviewState
from salaries.models import SalaryRecord, SalarySource
from salaries.validation import midpoint

JOB_POSTINGS_SOURCE = "Jobboard job postings"
# Set by these services only; an edit made on an older copy of the job must not undo them.
WORKFLOW_FIELDS = ("status", "published_at", "salary_record_id")
# How long and how prominently a job shows: the board's decision, edited by moderators only.
BOARD_FIELDS = ("expires_at", "featured_until")


def _locked(job: Job) -> Job:
    return Job.objects.select_for_update().get(pk=job.pk)


def is_moderator(user) -> bool:
    return user is not None and user.has_perm("jobs.moderate_job")


@transaction.atomic
def job_save(*, job: Job, by=None) -> Job:
    """Create or edit a job through the plausibility rules; keeps its statistics point in step.

    An employer's edit to a published job goes back to the moderators before it is shown again.
    """
    if job.pk is None:
        if by is not None and job.created_by_id is None:
            job.created_by = by
    else:
        current = _locked(job)
        kept = WORKFLOW_FIELDS if is_moderator(by) else WORKFLOW_FIELDS + BOARD_FIELDS
        for name in kept:
            setattr(job, name, getattr(current, name))
        if not job.salary_changed():
            job.salary_review = current.salary_review  # a verdict given meanwhile stands
        if job.status == JobStatus.PUBLISHED and by is not None and not is_moderator(by):
            job.status = JobStatus.PENDING
    job.full_clean()
    job.save()
    _sync_salary_record(job)
    return job


@transaction.atomic
def job_submit(*, job: Job) -> Job:
    """An employer asks for a draft (or a rejected job, mended) to be published."""
    job = _locked(job)
    if job.status not in (JobStatus.DRAFT, JobStatus.REJECTED):
        raise ValidationError(
            "Only drafts and rejected jobs can be submitted; "
            f"this one is {job.get_status_display()}.",
            code="not_submittable",
        )
    job.status = JobStatus.PENDING
    job.full_clean()
    job.save()
    return job


@transaction.atomic
def job_publish(
    *, job: Job, now: datetime | None = None, expires_at: datetime | None = None
) -> Job:
    now = now or timezone.now()
    job = _locked(job)
    if job.status == JobStatus.PUBLISHED:
        raise ValidationError("This job is already published.", code="already_published")
    if job.status != JobStatus.PENDING:
        # A draft may be half-written: only what its employer submitted goes live.
        raise ValidationError(
            f"Only jobs submitted for review can be published; this one is "
            f"{job.get_status_display()}.",
            code="not_submitted",
        )
    job.status = JobStatus.PUBLISHED
    job.published_at = now
    if expires_at is not None:
        job.expires_at = expires_at
    elif job.expires_at is None or job.expires_at <= now:
        job.expires_at = now + timedelta(days=settings.JOB_LIFETIME_DAYS)
    job.full_clean()
    job.save()
    _sync_salary_record(job)
    return job


@transaction.atomic
def job_reject(*, job: Job) -> Job:
    job = _locked(job)
    if job.status not in (JobStatus.PENDING, JobStatus.PUBLISHED):
        raise ValidationError(
            "Only pending or published jobs can be rejected; "
            f"this one is {job.get_status_display()}.",
            code="not_rejectable",
        )
    job.status = JobStatus.REJECTED
    job.save()
    _sync_salary_record(job)
    return job


@transaction.atomic
def job_expire(*, job: Job) -> Job:
    job = _locked(job)
    job.status = JobStatus.EXPIRED
    job.save()
    _sync_salary_record(job)
    return job


@transaction.atomic
def job_delete(*, job: Job) -> None:
    """Delete a job and the statistics point it added."""
    job = _locked(job)
    record = job.salary_record
    job.delete()
    if record is not None:
        record.delete()


def jobs_expire_due(*, now: datetime | None = None) -> int:
    """Expire every published job past its end date; the cron job behind `expire_jobs`.

    Also removes job points whose job is gone (deleted outside the admin), so none lingers.
    """
    due = Job.objects.filter(status=JobStatus.PUBLISHED, expires_at__lte=now or timezone.now())
    count = 0
    for job in due:
        job_expire(job=job)
        count += 1
    SalaryRecord.objects.filter(source__name=JOB_POSTINGS_SOURCE).exclude(
        pk__in=Job.objects.filter(salary_record__isnull=False).values("salary_record")
    ).delete()
    return count


@transaction.atomic
def job_salary_review(*, job: Job, state: ReviewState) -> Job:
    """A moderator's verdict on a flagged salary: shown and counted, or kept hidden."""
    job = _locked(job)
    if job.salary is None:
        raise ValidationError("This job has no salary to review.", code="no_salary")
    job.salary_review = state
    job.save()
    _sync_salary_record(job)
    return job


def _sync_salary_record(job: Job) -> None:
    """Make the job's statistics point match the job: there while it counts, gone otherwise."""
    counts = (
        job.status == JobStatus.PUBLISHED
        and job.role_id is not None
        and job.public_salary is not None
    )
    record = job.salary_record
    if not counts:
        if record is not None:
            job.salary_record = None
            job.save(update_fields=["salary_record"])
            record.delete()
        return
    if record is None:
        source, _ = SalarySource.objects.get_or_create(
            name=JOB_POSTINGS_SOURCE,
            defaults={
                "description": "Salary ranges of jobs published here, one point per job.",
                "from_file": False,
            },
        )
        record = SalaryRecord(source=source)
    record.role_id = job.role_id
    record.experience_level = job.experience_level
    record.employment_type = job.employment_type
    record.country = job.country
    record.year = job.published_at.year
    record.currency = job.salary_currency
    record.amount_min = job.salary_min
    record.amount_max = job.salary_max
    record.period = job.salary_period
    # The job's salary passed the rules when it was saved; its verdict lives on the job.
    record.annual_usd_min = job.salary_annual_usd_min
    record.annual_usd_max = job.salary_annual_usd_max
    record.annual_usd = midpoint(job.salary_annual_usd_min, job.salary_annual_usd_max)
    record.review_state = ReviewState.ACCEPTED
    record.valid_until = job.expires_at
    record.save()
    if job.salary_record_id != record.pk:
        job.salary_record = record
        job.save(update_fields=["salary_record"])
