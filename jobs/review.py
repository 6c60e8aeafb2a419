"""The review workflow: what goes on the board is what a moderator saw.

A job is created or edited (by a person it goes to the moderators' queue; by the system it stays a
draft), submitted, published or rejected; a job on the board is renewed through the queue again.
An employer's edit of a job on the board (or of their company) waits beside it as a JobChange
(CompanyChange) until a moderator approves or rejects it; the live version stays on the board
meanwhile, with its publication date. A flagged salary is shown once a moderator accepts it.

Every saved edit counts the object's `version` up, and a moderator's decision names the version they
looked at: a decision on a version that is no longer the latest is refused (check_version), never
applied to what they did not see. Every step locks the job's row first (services.locked_job).
"""

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from jobs import emails
from jobs.models import Company, CompanyChange, Job, JobChange, JobStatus
from jobs.services import (
    PENDING_OR_PUBLISHED,
    job_salary_judge,
    locked_job,
    require_status,
    salary_is_new,
    sync_salary_record,
)
from jobs.staff import is_moderator
from salaries.choices import ReviewState

# How long and how prominently a job shows: the board's decision, edited by moderators only.
BOARD_FIELDS = frozenset(["expires_at", "featured_until"])
# Where a submission may start from.
DRAFT_OR_REJECTED = (JobStatus.DRAFT, JobStatus.REJECTED)


def check_version(obj: Job | Company, version: int | None) -> None:
    """Refuse a moderator's decision on a version of `obj` that is no longer the latest. None: a
    decision that names no version (the system's own, the demo loader's) is not checked."""
    if version is not None and version != obj.version:
        raise ValidationError(
            "“%(name)s” was saved again since you opened it: look at it again before you "
            "decide. Nothing was done.",
            code="changed_since_seen",
            params={"name": str(obj)},
        )


@dataclass(frozen=True)
class JobSaved:
    """What saving a job came to, for whoever saved it to be told."""

    job: Job
    # The save put the job in the moderators' queue, or kept it there (never for a moderator).
    sent_for_review: bool = False
    # It is on the board and stays as it was: the edit waits for a moderator (a JobChange).
    change_waiting: bool = False
    # Its salary is saved but held back from job seekers until a moderator confirms it (why).
    salary_held: bool = False
    salary_note: str = ""


@transaction.atomic
def job_create(*, job: Job, by=None, salary_confirmed: bool = False) -> JobSaved:
    """Save a new job through the plausibility rules. Written by a person (`by`), it waits for a
    moderator's review; written by the system (the demo loader), it stays a draft."""
    if by is not None and job.created_by_id is None:
        job.created_by = by
    return _save(job, by=by, judge=True, salary_confirmed=salary_confirmed, send=by is not None)


@transaction.atomic
def job_edit(
    *,
    job: Job,
    changed: Collection[str],
    by=None,
    salary_confirmed: bool = False,
    tags: Collection[str] | None = None,
    version: int | None = None,
) -> JobSaved:
    """Save the fields a person changed (`changed`, e.g. a form's changed_data) from `job` onto
    the stored job; the rest of the stored job stands, so an edit begun before a moderator's
    decision does not undo it. A new or changed salary is judged again.

    What goes on the board is what a moderator saw: an employer's edit of a job on the board
    waits beside it for review (_propose_job_change); an employer's edit of any other job sends it
    (back) for review, refreshing when it was submitted; a moderator's edit keeps the job where it
    is. An edit that changes nothing of a job in review, or made by a moderator, saves nothing.
    `tags`: the tags typed, for an edit that waits (other saves leave tags to the form).
    `version`: the version the edit began from; a save on top of a newer one is refused.
    """
    stored = locked_job(job)
    check_version(stored, version)
    moderator = is_moderator(by)
    editable = {field.name for field in Job._meta.get_fields() if getattr(field, "editable", False)}
    edited = set(changed) & (editable if moderator else editable - BOARD_FIELDS)
    if stored.status == JobStatus.PUBLISHED and by is not None and not moderator:
        return _propose_job_change(
            stored, job, edited, by=by, salary_confirmed=salary_confirmed, tags=tags
        )
    under_review = stored.status in (JobStatus.PENDING, JobStatus.PUBLISHED)
    if not moderator and _fold_waiting_change(stored):
        under_review = False  # the change the employer saw in the form goes in with this save
    if not edited and (moderator or under_review):
        return JobSaved(stored)
    concrete = {field.name for field in Job._meta.concrete_fields}
    for name in edited & concrete:  # tags are the form's to save
        setattr(stored, name, getattr(job, name))
    stored.version += 1
    return _save(
        stored,
        by=by,
        judge=salary_is_new(stored, edited),
        salary_confirmed=salary_confirmed,
        send=by is not None and not moderator,
    )


def _propose_job_change(stored: Job, job: Job, edited, *, by, salary_confirmed, tags) -> JobSaved:
    """An employer's edit of a job on the board: kept as its JobChange (added to one already
    waiting), tried on a copy of the job first so that it is refused as a save would be."""
    change = JobChange.objects.filter(job=stored).first() or JobChange(job=stored)
    change.propose(
        job,
        edited - {"tags"},
        tags=list(tags) if "tags" in edited and tags is not None else None,
    )
    if not change.values:  # back to what is on the board: nothing waits any more
        if change.pk:
            change.delete()
        return JobSaved(stored)
    candidate = change.apply_to(Job.objects.get(pk=stored.pk))
    candidate.full_clean()
    if salary_is_new(candidate, change.values):
        job_salary_judge(job=candidate, by=by, salary_confirmed=salary_confirmed)
    change.salary_confirmed = candidate.salary_employer_confirmed
    change.submitted_by, change.submitted_at = by, timezone.now()
    change.save()
    stored.version += 1
    stored.save(update_fields=["version", "updated_at"])
    return JobSaved(
        stored,
        sent_for_review=True,
        change_waiting=True,
        salary_held=candidate.salary_review == ReviewState.NEEDS_REVIEW,
        salary_note=candidate.salary_review_note,
    )


def _fold_waiting_change(job: Job) -> bool:
    """A change that waited beside a job that has left the board since (it ended, or was
    renewed) becomes part of the job, which a moderator reviews whole before it is back.
    True when there was one."""
    change = JobChange.objects.filter(job=job).first()
    if change is None:
        return False
    change.apply_to(job)
    if salary_is_new(job, change.values):
        job_salary_judge(job=job, salary_confirmed=change.salary_confirmed)
    if change.proposed_tags() is not None:
        job.tags.set(change.proposed_tags())
    change.delete()
    return True


def _save(job: Job, *, by, judge: bool, salary_confirmed: bool, send: bool) -> JobSaved:
    """What job_create and job_edit share: the model's rules, the salary's, the review queue."""
    job.full_clean()
    if judge:
        job_salary_judge(job=job, by=by, salary_confirmed=salary_confirmed)
    if send:  # into the queue, or to its end with a new submission time: a new version waits
        _send_for_review(job)
    job.save()
    sync_salary_record(job)
    return JobSaved(
        job,
        sent_for_review=by is not None and not is_moderator(by),
        salary_held=job.salary_review == ReviewState.NEEDS_REVIEW,
        salary_note=job.salary_review_note,
    )


def _send_for_review(job: Job) -> None:
    job.status = JobStatus.PENDING
    job.submitted_at = timezone.now()


@transaction.atomic
def job_submit(*, job: Job) -> Job:
    """A draft (or a rejected job, mended) asks to be published."""
    job = locked_job(job)
    require_status(
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
    version: int | None = None,
) -> Job:
    """A moderator approves a submitted job (the `version` they saw): it goes on the board until
    its end date, JOB_LIFETIME_DAYS from now unless a moderator gave one (a re-approval keeps a
    future one)."""
    now = now or timezone.now()
    job = locked_job(job)
    check_version(job, version)
    if job.status == JobStatus.PUBLISHED:
        raise ValidationError("This job is already published.", code="already_published")
    # A draft may be half-written: only what its employer submitted goes live.
    require_status(
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
    job.full_clean()
    return _decided(job, by=by, at=now)


@transaction.atomic
def job_approve(*, job: Job, by=None, version: int | None = None) -> Job:
    """A moderator approves what waits for review: a submitted job, or the change waiting beside
    a job on the board."""
    if JobChange.objects.filter(job=job, job__status=JobStatus.PUBLISHED).exists():
        return job_change_approve(job=job, by=by, version=version)
    return job_publish(job=job, by=by, version=version)


@transaction.atomic
def job_reject(
    *, job: Job, reason: str, by=None, now: datetime | None = None, version: int | None = None
) -> Job:
    """A moderator turns down what waits for review and tells its employer why: a submitted job,
    or the change waiting beside a job on the board (which stays on). A published job with no
    change waiting is taken off the board."""
    reason = reason.strip()
    if not reason:
        raise ValidationError(
            "Give the employer a reason for the rejection.", code="no_rejection_reason"
        )
    job = locked_job(job)
    check_version(job, version)
    change = JobChange.objects.filter(job=job).first()
    if change is not None and job.status == JobStatus.PUBLISHED:
        change.delete()
        emails.job_reviewed(job, change_rejected=reason)
        return job
    require_status(
        job, PENDING_OR_PUBLISHED, "pending or published jobs can be rejected", "not_rejectable"
    )
    job.status = JobStatus.REJECTED
    return _decided(job, by=by, at=now or timezone.now(), reason=reason)


def _decided(job: Job, *, by, at: datetime, reason: str = "") -> Job:
    """Save a moderator's decision on a job (published or rejected): who, when and why, the
    statistics point to match, and word to its employer (not for the system's own, by None)."""
    job.reviewed_by, job.reviewed_at, job.review_reason = by, at, reason
    job.save()
    sync_salary_record(job)
    if by is not None:
        emails.job_reviewed(job)
    return job


@transaction.atomic
def job_change_approve(
    *, job: Job, by=None, version: int | None = None, now: datetime | None = None
) -> Job:
    """A moderator approves the change waiting beside a job on the board: the job takes it,
    keeping its publication date (an edit is not a new job), and its salary is judged again if
    the change touched its figures or peers."""
    job = locked_job(job)
    check_version(job, version)
    change = JobChange.objects.filter(job=job).first()
    if change is None or job.status != JobStatus.PUBLISHED:
        # One beside a job that has left the board goes into the job when it comes back.
        raise ValidationError(
            "No change of this job waits for review beside it on the board.", code="no_change"
        )
    change.apply_to(job)
    job.full_clean()
    if salary_is_new(job, change.values):
        job_salary_judge(job=job, by=by, salary_confirmed=change.salary_confirmed)
    job.reviewed_by, job.reviewed_at, job.review_reason = by, now or timezone.now(), ""
    job.version += 1
    job.save()
    if change.proposed_tags() is not None:
        job.tags.set(change.proposed_tags())
    change.delete()
    sync_salary_record(job)
    if by is not None:
        emails.job_reviewed(job, change_approved=True)
    return job


@transaction.atomic
def job_renew(*, job: Job, now: datetime | None = None) -> Job:
    """Another JOB_LIFETIME_DAYS after its end (or from now, for a job that has ended), once a
    moderator has seen it again: it goes back to the review queue. It keeps its publication
    date, so it is not a new job (job_publish keeps it too)."""
    now = now or timezone.now()
    job = locked_job(job)
    statuses = (JobStatus.PUBLISHED, JobStatus.EXPIRED) if job.published_at else ()
    require_status(
        job, statuses, "jobs that are or were on the board can be renewed", "not_renewable"
    )
    job.expires_at = max(job.expires_at, now) + timedelta(days=settings.JOB_LIFETIME_DAYS)
    _fold_waiting_change(job)
    job.status = JobStatus.PENDING
    job.submitted_at = now
    job.full_clean()
    job.save()
    sync_salary_record(job)
    return job


@dataclass(frozen=True)
class CompanySaved:
    company: Company
    # The edit waits for a moderator (a CompanyChange); the live company is as it was.
    change_waiting: bool = False


@transaction.atomic
def company_edit(
    *, company: Company, changed: Collection[str], by=None, version: int | None = None
) -> CompanySaved:
    """Save the fields a person changed of `company`. Its name, website and description are on
    every job page, its sidebar and search engines' data: an employer's edit waits for a
    moderator as a CompanyChange, the live company unchanged meanwhile; a moderator's is saved."""
    stored = Company.objects.select_for_update().get(pk=company.pk)
    check_version(stored, version)
    editable = {field.name for field in Company._meta.concrete_fields if field.editable}
    edited = set(changed) & editable
    if by is None or is_moderator(by):
        if edited:
            for name in edited:
                setattr(stored, name, getattr(company, name))
            stored.version += 1
            stored.full_clean()
            stored.save()
        return CompanySaved(stored)
    change = CompanyChange.objects.filter(company=stored).first() or CompanyChange(company=stored)
    change.propose(company, edited - {"slug"})  # the address stays: links to it keep working
    if not change.values:
        if change.pk:
            change.delete()
        return CompanySaved(stored)
    change.apply_to(Company.objects.get(pk=stored.pk)).full_clean()
    change.submitted_by, change.submitted_at = by, timezone.now()
    change.save()
    stored.version += 1
    stored.save(update_fields=["version"])
    return CompanySaved(stored, change_waiting=True)


@transaction.atomic
def company_change_approve(*, company: Company, by=None, version: int | None = None) -> Company:
    company = Company.objects.select_for_update().get(pk=company.pk)
    check_version(company, version)
    change = CompanyChange.objects.filter(company=company).first()
    if change is None:
        raise ValidationError("No change of this company waits for review.", code="no_change")
    change.apply_to(company)
    company.version += 1
    company.full_clean()
    company.save()
    change.delete()
    return company


@transaction.atomic
def company_change_reject(*, company: Company, by=None, version: int | None = None) -> Company:
    company = Company.objects.select_for_update().get(pk=company.pk)
    check_version(company, version)
    deleted, _ = CompanyChange.objects.filter(company=company).delete()
    if not deleted:
        raise ValidationError("No change of this company waits for review.", code="no_change")
    return company


@transaction.atomic
def job_salary_review(*, job: Job, state: ReviewState, by=None, now: datetime | None = None) -> Job:
    """A moderator's verdict on a flagged salary: shown and counted, or kept hidden."""
    job = locked_job(job)
    if job.salary is None:
        raise ValidationError("This job has no salary to review.", code="no_salary")
    job.salary_review = state
    job.salary_reviewed_by, job.salary_reviewed_at = by, now or timezone.now()
    job.save()
    sync_salary_record(job)
    return job
