"""Writes that take more than one step: the life of a job from draft to expiry.

A published job with an accepted salary adds one point to the salary statistics, as a salary record
written here when it is published and removed when it ends, so `salaries` never needs to know jobs.
The record also carries the job's end date, so the point stops counting the moment the job does.

Every service locks the job's row first: two moderators pressing "Publish" at once, or an employer
saving while a moderator publishes, queue up instead of writing over each other.
"""

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from jobs import emails
from jobs.models import Company, Job, JobStatus
from jobs.staff import is_moderator
from salaries.choices import ReviewState
from salaries.fields import copy_accepted_salary
from salaries.models import SalaryRecord, SalarySource

JOB_POSTINGS_SOURCE = "Jobboard job postings"
# How long and how prominently a job shows: the board's decision, edited by moderators only.
BOARD_FIELDS = frozenset(["expires_at", "featured_until"])
FEATURE_DAYS_MAX = 365
FEATURE_DAYS_DEFAULT = 30
# Moderators are reminded of featured spots about to lapse this many days before they do.
FEATURE_ENDING_SOON_DAYS = 7


# Where each step of the review workflow may start from.
DRAFT_OR_REJECTED = (JobStatus.DRAFT, JobStatus.REJECTED)
PENDING_OR_PUBLISHED = (JobStatus.PENDING, JobStatus.PUBLISHED)


def _locked(job: Job) -> Job:
    return Job.objects.select_for_update().get(pk=job.pk)


def _require_status(job: Job, statuses, only: str, code: str) -> None:
    """Refuse a step the job's status does not allow: "Only <only>; this one is Expired." """
    if job.status not in statuses:
        raise ValidationError(
            "Only %(only)s; this one is %(status)s.",
            code=code,
            params={"only": only, "status": job.get_status_display()},
        )


@dataclass(frozen=True)
class JobSaved:
    """What saving a job came to, for whoever saved it to be told."""

    job: Job
    # The save put the job in the moderators' queue, or kept it there (never for a moderator).
    sent_for_review: bool = False
    # It was on the board and is off it until a moderator approves the change.
    taken_off_board: bool = False
    # Its salary is saved but held back from job seekers until a moderator confirms it.
    salary_held: bool = False


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
def job_create(*, job: Job, by=None, salary_confirmed: bool = False) -> JobSaved:
    """Save a new job through the plausibility rules. Written by a person (`by`), it waits for a
    moderator's review; written by the system (the demo loader), it stays a draft."""
    if by is not None and job.created_by_id is None:
        job.created_by = by
    return _save(job, by=by, judge=True, salary_confirmed=salary_confirmed, send=by is not None)


@transaction.atomic
def job_edit(
    *, job: Job, changed: Collection[str], by=None, salary_confirmed: bool = False
) -> JobSaved:
    """Save the fields a person changed (`changed`, e.g. a form's changed_data) from `job` onto
    the stored job; the rest of the stored job stands, so an edit begun before a moderator's
    decision does not undo it. A new or changed salary is judged again.

    What goes on the board is what a moderator saw: an employer's edit sends the job back for
    review (and a plain "Save" of a draft or rejected job sends it in); a moderator's edit keeps
    the job where it is. An edit that changes nothing of a job in review, or made by a moderator,
    saves nothing.
    """
    stored = _locked(job)
    moderator = is_moderator(by)
    editable = {field.name for field in Job._meta.get_fields() if getattr(field, "editable", False)}
    edited = set(changed) & (editable if moderator else editable - BOARD_FIELDS)
    under_review = stored.status in (JobStatus.PENDING, JobStatus.PUBLISHED)
    if not edited and (moderator or under_review):
        return JobSaved(stored)
    concrete = {field.name for field in Job._meta.concrete_fields}
    for name in edited & concrete:  # tags are the form's to save
        setattr(stored, name, getattr(job, name))
    return _save(
        stored,
        by=by,
        judge=salary_is_new(stored, edited),
        salary_confirmed=salary_confirmed,
        send=by is not None and not moderator,
    )


def _save(job: Job, *, by, judge: bool, salary_confirmed: bool, send: bool) -> JobSaved:
    """What job_create and job_edit share: the model's rules, the salary's, the review queue."""
    job.full_clean()
    if judge:
        job_salary_judge(job=job, by=by, salary_confirmed=salary_confirmed)
    was_published = job.status == JobStatus.PUBLISHED
    if send and job.status != JobStatus.PENDING:
        _send_for_review(job)
    job.save()
    _sync_salary_record(job)
    return JobSaved(
        job,
        sent_for_review=by is not None and not is_moderator(by),
        taken_off_board=was_published and job.status == JobStatus.PENDING,
        salary_held=job.salary_review == ReviewState.NEEDS_REVIEW,
    )


def _send_for_review(job: Job) -> None:
    job.status = JobStatus.PENDING
    job.submitted_at = timezone.now()


@transaction.atomic
def job_submit(*, job: Job) -> Job:
    """A draft (or a rejected job, mended) asks to be published."""
    job = _locked(job)
    _require_status(
        job, DRAFT_OR_REJECTED, "drafts and rejected jobs can be submitted", "not_submittable"
    )
    _send_for_review(job)
    job.full_clean()
    job.save()
    return job


@transaction.atomic
def job_publish(
    *,
    job: Job,
    by=None,
    now: datetime | None = None,
    expires_at: datetime | None = None,
) -> Job:
    """A moderator approves a submitted job: it goes on the board until its end date,
    JOB_LIFETIME_DAYS from now unless a moderator gave one (a re-approval keeps a future one)."""
    now = now or timezone.now()
    job = _locked(job)
    if job.status == JobStatus.PUBLISHED:
        raise ValidationError("This job is already published.", code="already_published")
    # A draft may be half-written: only what its employer submitted goes live.
    _require_status(
        job, [JobStatus.PENDING], "jobs submitted for review can be published", "not_submitted"
    )
    job.status = JobStatus.PUBLISHED
    # A job goes on the board once: approved again (after an edit or a renewal) it keeps the
    # date it first went up, so it is not "new" to the list's order or to job alerts.
    job.published_at = job.published_at or now
    if expires_at is not None:
        job.expires_at = expires_at
    elif job.expires_at is None or job.expires_at <= now:
        job.expires_at = now + timedelta(days=settings.JOB_LIFETIME_DAYS)
    job.reviewed_by, job.reviewed_at, job.review_reason = by, now, ""
    job.full_clean()
    job.save()
    _sync_salary_record(job)
    if by is not None:
        emails.job_reviewed(job)
    return job


@transaction.atomic
def job_reject(*, job: Job, reason: str, by=None, now: datetime | None = None) -> Job:
    """A moderator turns a job down (or takes a published one off) and tells its employer why."""
    reason = reason.strip()
    if not reason:
        raise ValidationError(
            "Give the employer a reason for the rejection.", code="no_rejection_reason"
        )
    job = _locked(job)
    _require_status(
        job, PENDING_OR_PUBLISHED, "pending or published jobs can be rejected", "not_rejectable"
    )
    job.status = JobStatus.REJECTED
    job.reviewed_by, job.reviewed_at, job.review_reason = by, now or timezone.now(), reason
    job.save()
    _sync_salary_record(job)
    if by is not None:
        emails.job_reviewed(job)
    return job


@transaction.atomic
def job_renew(*, job: Job, now: datetime | None = None) -> Job:
    """Another JOB_LIFETIME_DAYS after its end (or from now, for a job that has ended), once a
    moderator has seen it again: it goes back to the review queue. It keeps its publication
    date, so it is not a new job (job_publish keeps it too)."""
    now = now or timezone.now()
    job = _locked(job)
    statuses = (JobStatus.PUBLISHED, JobStatus.EXPIRED) if job.published_at else ()
    _require_status(
        job, statuses, "jobs that are or were on the board can be renewed", "not_renewable"
    )
    job.expires_at = max(job.expires_at, now) + timedelta(days=settings.JOB_LIFETIME_DAYS)
    job.status = JobStatus.PENDING
    job.submitted_at = now
    job.full_clean()
    job.save()
    _sync_salary_record(job)
    return job


@transaction.atomic
def job_feature(*, job: Job, days: int, now: datetime | None = None) -> Job:
    """Show a published job among the featured ones for the next `days` days."""
    if not 1 <= days <= FEATURE_DAYS_MAX:
        raise ValidationError(
            "Feature a job for 1 to %(max)s days.",
            code="feature_days",
            params={"max": FEATURE_DAYS_MAX},
        )
    job = _locked(job)
    _require_status(job, [JobStatus.PUBLISHED], "published jobs can be featured", "not_featurable")
    job.featured_until = (now or timezone.now()) + timedelta(days=days)
    job.save()
    return job


@transaction.atomic
def job_unfeature(*, job: Job) -> Job:
    job = _locked(job)
    if not job.is_featured:
        raise ValidationError("This job is not featured.", code="not_featured")
    job.featured_until = None
    job.save()
    return job


@transaction.atomic
def job_expire(*, job: Job) -> Job:
    """End a job now: off the board, its statistics point removed, and its end date the moment
    it ended (a list must not say it "ends" on a date still to come)."""
    job = _locked(job)
    _require_status(
        job, PENDING_OR_PUBLISHED, "published or pending jobs can be ended", "not_expirable"
    )
    job.status = JobStatus.EXPIRED
    now = timezone.now()
    started = job.published_at is None or job.published_at < now  # ends after it began
    if job.expires_at is not None and job.expires_at > now and started:
        job.expires_at = now
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
    SalaryRecord.objects.filter(source__name=JOB_POSTINGS_SOURCE).exclude(
        pk__in=Job.objects.filter(salary_record__isnull=False).values("salary_record")
    ).delete()
    return count


@transaction.atomic
def job_salary_review(*, job: Job, state: ReviewState, by=None, now: datetime | None = None) -> Job:
    """A moderator's verdict on a flagged salary: shown and counted, or kept hidden."""
    job = _locked(job)
    if job.salary is None:
        raise ValidationError("This job has no salary to review.", code="no_salary")
    job.salary_review = state
    job.salary_reviewed_by, job.salary_reviewed_at = by, now or timezone.now()
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
    copy_accepted_salary(job, record)  # the rules judged it when the job was saved
    record.experience_level = job.experience_level
    record.year = job.published_at.year
    record.valid_until = job.expires_at
    record.save()
    if job.salary_record_id != record.pk:
        job.salary_record = record
        job.save(update_fields=["salary_record"])
