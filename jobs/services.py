"""Writes that take more than one step, besides the review workflow (jobs/review.py): a job's
salary judged, its statistics point, featuring, ending and deleting jobs.

A published job with an accepted salary adds one point to the salary statistics, as a salary record
written here when it is published and removed when it ends, so `salaries` never needs to know jobs.
The record also carries the job's end date, so the point stops counting the moment the job does.

Every service locks the job's row first (locked_job): two moderators pressing "Publish" at once, or
an employer saving while a moderator publishes, queue up instead of writing over each other.
"""

from collections.abc import Collection
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from jobs.models import Company, Job, JobStatus
from jobs.staff import is_moderator
from salaries import figures
from salaries.choices import ReviewState
from salaries.fields import copy_accepted_salary
from salaries.models import SalaryRecord, SalarySource

JOB_POSTINGS_SOURCE = "Jobboard job postings"
FEATURE_DAYS_MAX = 365
FEATURE_DAYS_DEFAULT = 30
# Moderators are reminded of featured spots about to lapse this many days before they do.
FEATURE_ENDING_SOON_DAYS = 7
# Where a rejection or an ending may start from.
PENDING_OR_PUBLISHED = (JobStatus.PENDING, JobStatus.PUBLISHED)


def locked_job(job: Job) -> Job:
    """The job as stored, its row locked until the transaction ends."""
    return Job.objects.select_for_update().get(pk=job.pk)


def require_status(job: Job, statuses, only: str, code: str) -> None:
    """Refuse a step the job's status does not allow: "Only <only>; this one is Expired." """
    if job.status not in statuses:
        raise ValidationError(
            "Only %(only)s; this one is %(status)s.",
            code=code,
            params={"only": only, "status": job.get_status_display()},
        )


def unconfirmed_salary_error(job: Job) -> ValidationError:
    return ValidationError(
        "The salary rules question this salary: %(note)s Check the figures; if they are right, "
        "tick “This salary is correct” and save again. A moderator looks at it before job "
        "seekers see it.",
        code="salary_unconfirmed",
        params={"note": job.salary_review_note.replace("\n", " ")},
    )


def salary_is_new(job: Job, changed: Collection[str]) -> bool:
    """A new job's salary, or one whose figures or peers are among the `changed` fields."""
    return job.pk is None or bool(Job.salary.judged_on & set(changed))


def job_salary_judge(*, job: Job, by=None, salary_confirmed: bool = False) -> None:
    """Judge a new or changed salary: refusals raise, keyed by field; one the rules flag needs
    its employer's word (`salary_confirmed`, the form's tick), which the moderators then see.

    Forms call it to show what a save would refuse; job_create and job_edit call it on what they
    save. Moderators give their verdict with job_salary_review instead of a tick.
    """
    job.judge_salary()
    flagged = job.salary_review == ReviewState.NEEDS_REVIEW
    if flagged and by is not None and not is_moderator(by) and not salary_confirmed:
        raise unconfirmed_salary_error(job)
    job.salary_employer_confirmed = flagged and salary_confirmed


@transaction.atomic
def job_feature(*, job: Job, days: int, now: datetime | None = None) -> Job:
    """Show a published job among the featured ones for the next `days` days."""
    if not 1 <= days <= FEATURE_DAYS_MAX:
        raise ValidationError(
            "Feature a job for 1 to %(max)s days.",
            code="feature_days",
            params={"max": FEATURE_DAYS_MAX},
        )
    job = locked_job(job)
    require_status(job, [JobStatus.PUBLISHED], "published jobs can be featured", "not_featurable")
    job.featured_until = (now or timezone.now()) + timedelta(days=days)
    job.save()
    return job


@transaction.atomic
def job_unfeature(*, job: Job) -> Job:
    job = locked_job(job)
    if not job.is_featured:
        raise ValidationError("This job is not featured.", code="not_featured")
    job.featured_until = None
    job.save()
    return job


@transaction.atomic
def job_expire(*, job: Job) -> Job:
    """End a job now: off the board, its statistics point removed, and its end date the moment
    it ended (a list must not say it "ends" on a date still to come)."""
    job = locked_job(job)
    require_status(
        job, PENDING_OR_PUBLISHED, "published or pending jobs can be ended", "not_expirable"
    )
    job.status = JobStatus.EXPIRED
    now = timezone.now()
    started = job.published_at is None or job.published_at < now  # ends after it began
    if job.expires_at is not None and job.expires_at > now and started:
        job.expires_at = now
    job.save()
    sync_salary_record(job)
    return job


@transaction.atomic
def job_delete(*, job: Job) -> None:
    """Delete a job and the statistics point it added."""
    job = locked_job(job)
    record = job.salary_record
    job.delete()
    if record is not None:
        record.delete()
        figures.records_changed(figures.cells_of(record))


@transaction.atomic
def jobs_delete(*, jobs) -> None:
    """job_delete for each of the jobs: all of them, points included, or none."""
    for job in jobs:
        job_delete(job=job)


@transaction.atomic
def companies_delete(*, companies) -> None:
    """Delete companies with their jobs, each job through job_delete so its point goes too."""
    pks = list(companies.values_list("pk", flat=True))
    jobs_delete(jobs=Job.objects.filter(company__in=pks))
    Company.objects.filter(pk__in=pks).delete()


def jobs_expire_due(*, now: datetime | None = None) -> int:
    """Expire every published job past its end date; the cron job behind `expire_jobs`.

    Also removes job points whose job is gone (deleted outside the admin), so none lingers.
    """
    due = Job.objects.filter(status=JobStatus.PUBLISHED, expires_at__lte=now or timezone.now())
    count = 0
    for job in due:
        job_expire(job=job)
        count += 1
    with transaction.atomic():
        orphans = list(
            SalaryRecord.objects.filter(source__name=JOB_POSTINGS_SOURCE).exclude(
                pk__in=Job.objects.filter(salary_record__isnull=False).values("salary_record")
            )
        )
        SalaryRecord.objects.filter(pk__in=[record.pk for record in orphans]).delete()
        figures.records_changed(cell for record in orphans for cell in figures.cells_of(record))
    return count


def sync_salary_record(job: Job) -> None:
    """Make the job's statistics point match the job: there while it counts, gone otherwise."""
    counts = (
        job.status == JobStatus.PUBLISHED
        and job.role_id is not None
        and job.public_salary is not None
    )
    record = job.salary_record
    before = figures.cells_of(record) if record is not None else []
    if not counts:
        if record is not None:
            job.salary_record = None
            job.save(update_fields=["salary_record"])
            record.delete()
            figures.records_changed(before)
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
    copy_accepted_salary(job, record)  # the rules judged it when the job was saved
    record.experience_level = job.experience_level
    record.year = job.published_at.year
    record.valid_until = job.expires_at
    record.save()
    if job.salary_record_id != record.pk:
        job.salary_record = record
        job.save(update_fields=["salary_record"])
    figures.records_changed([*before, *figures.cells_of(record)])
