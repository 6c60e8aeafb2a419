from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from jobs.models import Job, JobStatus
from jobs.services import (
    JOB_POSTINGS_SOURCE,
    job_delete,
    job_expire,
    job_publish,
    job_reject,
    job_salary_review,
    job_save,
    job_submit,
    jobs_expire_due,
)
from salaries.choices import ReviewState
from salaries.models import SalaryRecord
from tests.factories import (
    EmployerFactory,
    JobFactory,
    ModeratorFactory,
    PublishedJobFactory,
    SubmittedJobFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def test_publishing_adds_one_statistics_point_at_the_midpoint(settings):
    job = SubmittedJobFactory(
        salary_min=Decimal(100_000),
        salary_max=Decimal(130_000),
        experience_level="SE",
        country="US",
    )
    job_publish(job=job)
    job.refresh_from_db()
    assert job.status == JobStatus.PUBLISHED
    assert job.expires_at - job.published_at == timedelta(days=settings.JOB_LIFETIME_DAYS)
    record = job.salary_record
    assert record.source.name == JOB_POSTINGS_SOURCE and not record.source.from_file
    assert (record.annual_usd_min, record.annual_usd, record.annual_usd_max) == (
        100_000,
        115_000,
        130_000,
    )
    assert (record.role, record.experience_level, record.country, record.year) == (
        job.role,
        "SE",
        "US",
        job.published_at.year,
    )
    assert record.review_state == ReviewState.ACCEPTED


def test_only_submitted_jobs_are_published():
    for status in (JobStatus.DRAFT, JobStatus.REJECTED, JobStatus.EXPIRED):
        with pytest.raises(ValidationError, match="Only jobs submitted for review"):
            job_publish(job=JobFactory(status=status))
    assert not Job.objects.visible().exists()


def test_publishing_twice_is_refused():
    job = PublishedJobFactory()
    with pytest.raises(ValidationError, match="already published"):
        job_publish(job=job)


def test_a_flagged_salary_counts_only_once_confirmed():
    job = SubmittedJobFactory(
        salary_min=Decimal(15),
        salary_max=Decimal(70),
        salary_period="hour",
        salary_annual_usd_min=None,
        salary_annual_usd_max=None,
    )
    job_save(job=job)
    job = job_publish(job=job)
    assert job.salary_review == ReviewState.NEEDS_REVIEW
    assert job.salary_record is None
    job = job_salary_review(job=job, state=ReviewState.ACCEPTED)
    assert SalaryRecord.objects.get().annual_usd == (31_200 + 145_600) // 2
    job_salary_review(job=job, state=ReviewState.REJECTED)
    assert not SalaryRecord.objects.exists()
    assert Job.objects.get().public_salary is None


def test_a_job_without_salary_or_role_adds_no_point():
    no_salary = SubmittedJobFactory(
        salary_min=None, salary_max=None, salary_currency="", salary_period=""
    )
    job_publish(job=no_salary)
    no_role = SubmittedJobFactory(role=None)
    job_publish(job=no_role)
    assert not SalaryRecord.objects.exists()


def test_salary_review_needs_a_salary():
    job = JobFactory(salary_min=None, salary_max=None, salary_currency="", salary_period="")
    with pytest.raises(ValidationError, match="no salary"):
        job_salary_review(job=job, state=ReviewState.ACCEPTED)


def test_expiry_removes_the_point():
    job = job_publish(job=SubmittedJobFactory())
    assert SalaryRecord.objects.count() == 1
    job = job_expire(job=job)
    assert job.status == JobStatus.EXPIRED
    assert job.salary_record is None
    assert not SalaryRecord.objects.exists()


def test_rejecting_a_published_job_removes_the_point():
    job = job_publish(job=SubmittedJobFactory())
    job = job_reject(job=job)
    assert job.status == JobStatus.REJECTED
    assert not SalaryRecord.objects.exists()
    with pytest.raises(ValidationError, match="Only pending or published"):
        job_reject(job=job)


def test_editing_a_published_salary_moves_its_point():
    job = job_publish(job=SubmittedJobFactory())
    job = Job.objects.get(pk=job.pk)
    job.salary_min, job.salary_max = Decimal(140_000), Decimal(160_000)
    job_save(job=job)
    assert SalaryRecord.objects.get().annual_usd == 150_000


def test_a_refused_edit_changes_nothing():
    job = job_publish(job=SubmittedJobFactory())
    job = Job.objects.get(pk=job.pk)
    job.salary_min = job.salary_max = Decimal(1_111_111_000)
    with pytest.raises(ValidationError):
        job_save(job=job)
    assert Job.objects.get(pk=job.pk).salary_max == Decimal(130_000)
    assert SalaryRecord.objects.get().annual_usd == 115_000


def test_submit_moves_a_draft_to_review_only():
    job = job_submit(job=JobFactory())
    assert job.status == JobStatus.PENDING
    with pytest.raises(ValidationError, match="Only drafts"):
        job_submit(job=job)


def test_save_records_who_created_the_job():
    user = UserFactory()
    job = JobFactory.build(company=JobFactory().company, role=None)
    job_save(job=job, by=user)
    assert Job.objects.get(pk=job.pk).created_by == user


def test_expire_due_jobs_and_the_command(capsys):
    lapsed = job_publish(job=SubmittedJobFactory(), now=timezone.now() - timedelta(days=90))
    current = job_publish(job=SubmittedJobFactory())
    assert jobs_expire_due() == 1
    lapsed.refresh_from_db()
    current.refresh_from_db()
    assert (lapsed.status, current.status) == (JobStatus.EXPIRED, JobStatus.PUBLISHED)
    assert SalaryRecord.objects.count() == 1
    call_command("expire_jobs")
    assert "Expired 0 job(s)." in capsys.readouterr().out


def test_deleting_a_job_removes_its_point():
    job = job_publish(job=SubmittedJobFactory())
    job_delete(job=job)
    assert not Job.objects.exists()
    assert not SalaryRecord.objects.exists()


def test_the_point_lapses_with_the_job_before_any_cron_runs():
    current = job_publish(job=SubmittedJobFactory())
    assert SalaryRecord.objects.get().valid_until == current.expires_at
    now = timezone.now()
    lapsed = job_publish(
        job=SubmittedJobFactory(), now=now - timedelta(days=61), expires_at=now - timedelta(days=1)
    )
    assert lapsed.status == JobStatus.PUBLISHED  # nobody has run expire_jobs yet
    assert list(Job.objects.visible()) == [current]
    assert SalaryRecord.objects.count() == 2
    assert [r.annual_usd for r in SalaryRecord.objects.accepted()] == [
        current.salary_record.annual_usd
    ]


def test_expiry_sweep_removes_points_whose_job_is_gone():
    job_publish(job=SubmittedJobFactory())
    Job.objects.all().delete()  # outside the services, e.g. in a shell
    assert SalaryRecord.objects.count() == 1
    jobs_expire_due()
    assert not SalaryRecord.objects.exists()


def test_an_employers_edit_to_a_published_job_goes_back_to_review():
    job = job_publish(job=SubmittedJobFactory())
    employer = EmployerFactory(company=job.company)
    job = Job.objects.get(pk=job.pk)
    job.title = "Changed after approval"
    job = job_save(job=job, by=employer)
    assert job.status == JobStatus.PENDING
    assert not Job.objects.visible().exists()
    assert not SalaryRecord.objects.exists()


def test_a_moderators_edit_keeps_the_job_published():
    job = job_publish(job=SubmittedJobFactory())
    job = Job.objects.get(pk=job.pk)
    job.title = "Typo fixed"
    job = job_save(job=job, by=ModeratorFactory())
    assert job.status == JobStatus.PUBLISHED
    assert SalaryRecord.objects.count() == 1


def test_two_stale_copies_cannot_publish_twice():
    job = SubmittedJobFactory()
    first, second = Job.objects.get(pk=job.pk), Job.objects.get(pk=job.pk)
    job_publish(job=first)
    with pytest.raises(ValidationError, match="already published"):
        job_publish(job=second)
    assert SalaryRecord.objects.count() == 1


def test_an_edit_on_an_older_copy_does_not_undo_publication():
    job = SubmittedJobFactory()
    editing = Job.objects.get(pk=job.pk)  # an employer opened the form
    job_publish(job=job)  # meanwhile a moderator published it
    editing.location = "Hamburg"
    editing = job_save(job=editing)
    assert editing.status == JobStatus.PUBLISHED
    assert Job.objects.get().location == "Hamburg"
    assert SalaryRecord.objects.count() == 1
