"""jobs/services.py: a job's statistics point, its salary judged, featuring, ending, deleting."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from jobs.models import Job, JobStatus
from jobs.review import (
    job_create,
    job_edit,
    job_publish,
    job_reject,
    job_salary_review,
)
from jobs.services import (
    JOB_POSTINGS_SOURCE,
    job_delete,
    job_expire,
    job_feature,
    job_unfeature,
    jobs_expire_due,
)
from salaries.choices import ReviewState
from salaries.models import SalaryRecord
from tests.factories import (
    CompanyFactory,
    EmployerFactory,
    FeaturedJobFactory,
    JobFactory,
    ModeratorFactory,
    PublishedJobFactory,
    RoleFactory,
    SalaryRecordFactory,
    SubmittedJobFactory,
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


def test_a_flagged_salary_counts_only_once_confirmed():
    job = SubmittedJobFactory(
        salary_min=Decimal(15),
        salary_max=Decimal(70),
        salary_period="hour",
    )
    job_edit(job=job, changed=["salary_min", "salary_max", "salary_period"])
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


def test_expiry_removes_the_point():
    job = job_publish(job=SubmittedJobFactory())
    assert SalaryRecord.objects.count() == 1
    job = job_expire(job=job)
    assert job.status == JobStatus.EXPIRED
    assert job.salary_record is None
    assert not SalaryRecord.objects.exists()


def test_rejecting_a_published_job_removes_the_point():
    job = job_publish(job=SubmittedJobFactory())
    job = job_reject(job=job, reason="Spam.")
    assert job.status == JobStatus.REJECTED
    assert not SalaryRecord.objects.exists()
    with pytest.raises(ValidationError, match="Only pending or published"):
        job_reject(job=job, reason="Spam.")


def test_editing_a_published_salary_moves_its_point():
    job = job_publish(job=SubmittedJobFactory())
    job = Job.objects.get(pk=job.pk)
    job.salary_min, job.salary_max = Decimal(140_000), Decimal(160_000)
    job_edit(job=job, changed=["salary_min", "salary_max"])
    assert SalaryRecord.objects.get().annual_usd == 150_000


def test_a_refused_edit_changes_nothing():
    job = job_publish(job=SubmittedJobFactory())
    job = Job.objects.get(pk=job.pk)
    job.salary_min = job.salary_max = Decimal(1_111_111_000)
    with pytest.raises(ValidationError) as caught:
        job_edit(job=job, changed=["salary_min", "salary_max"])
    assert [error.code for error in caught.value.error_dict["salary_max"]] == ["above_maximum"]
    assert Job.objects.get(pk=job.pk).salary_max == Decimal(130_000)
    assert SalaryRecord.objects.get().annual_usd == 115_000


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


FLAGGED_FIELDS = ["salary_min", "salary_max", "salary_period"]


def flagged_salary(job):
    job.salary_min, job.salary_max, job.salary_period = Decimal(15), Decimal(70), "hour"
    return job


def test_an_employer_must_confirm_a_flagged_salary():
    job = JobFactory()
    employer = EmployerFactory(company=job.company)
    job = flagged_salary(Job.objects.get(pk=job.pk))
    with pytest.raises(ValidationError, match="tick “This salary is correct”") as caught:
        job_edit(job=job, changed=FLAGGED_FIELDS, by=employer)
    assert caught.value.code == "salary_unconfirmed"
    stored = Job.objects.get(pk=job.pk)
    assert (stored.salary_max, stored.status) == (Decimal(130_000), JobStatus.DRAFT)
    job = flagged_salary(Job.objects.get(pk=job.pk))
    saved = job_edit(job=job, changed=FLAGGED_FIELDS, by=employer, salary_confirmed=True)
    assert saved.salary_held
    job = saved.job
    assert job.salary_review == ReviewState.NEEDS_REVIEW
    assert job.salary_employer_confirmed


def test_a_tick_is_not_kept_for_an_ordinary_salary():
    job = JobFactory.build(company=CompanyFactory(), role=None)
    job = job_create(job=job, by=EmployerFactory(), salary_confirmed=True).job
    assert job.salary_review == ReviewState.ACCEPTED
    assert not job.salary_employer_confirmed


def test_an_edited_salary_is_judged_again_and_loses_the_old_verdict():
    job = flagged_salary(JobFactory.build(company=CompanyFactory(), role=None))
    job = job_create(job=job).job
    moderator = ModeratorFactory()
    job = job_salary_review(job=job, state=ReviewState.ACCEPTED, by=moderator)
    assert (job.salary_reviewed_by, job.salary_review) == (moderator, ReviewState.ACCEPTED)
    # Another edit that leaves the salary alone keeps the verdict.
    job = Job.objects.get(pk=job.pk)
    job.title = "Renamed"
    job = job_edit(job=job, changed=["title"], by=moderator).job
    assert (job.salary_review, job.salary_reviewed_by) == (ReviewState.ACCEPTED, moderator)
    # A new flagged figure is judged again, and the old confirmation does not cover it.
    job = Job.objects.get(pk=job.pk)
    job.salary_max = Decimal(80)
    job = job_edit(job=job, changed=["salary_max"], by=moderator).job
    job.refresh_from_db()
    assert (job.salary_review, job.salary_reviewed_by) == (ReviewState.NEEDS_REVIEW, None)


def test_a_new_country_judges_the_salary_among_its_new_peers():
    role = RoleFactory()
    for index in range(30):
        SalaryRecordFactory(role=role, amount_min=100_000 + index * 1_000)  # full time, US
    job = JobFactory.build(
        company=CompanyFactory(), role=role, country="BR", salary_min=30_000, salary_max=40_000
    )
    job = job_create(job=job).job
    assert job.salary_review == ReviewState.ACCEPTED
    job = Job.objects.get(pk=job.pk)
    job.country = "US"  # the same figures, now among US full-time peers
    job = job_edit(job=job, changed=["country"]).job
    assert "outlier" in job.salary_review_reasons.split()


def test_a_new_peer_judges_the_salary_again():
    job = flagged_salary(JobFactory.build(company=CompanyFactory(), role=None))
    job = job_salary_review(job=job_create(job=job).job, state=ReviewState.ACCEPTED)
    job = Job.objects.get(pk=job.pk)
    job.employment_type = "PT"  # the same figures among other peers: a verdict of its own
    assert job_edit(job=job, changed=["employment_type"]).salary_held


def test_feature_for_some_days_then_stop():
    now = timezone.now()
    job = job_feature(job=PublishedJobFactory(), days=10, now=now)
    assert Job.objects.get(pk=job.pk).featured_until == now + timedelta(days=10)
    assert list(Job.objects.featured()) == [job]
    job = job_unfeature(job=job)
    assert job.featured_until is None and not Job.objects.featured().exists()
    with pytest.raises(ValidationError, match="not featured"):
        job_unfeature(job=job)


@pytest.mark.parametrize("days", [0, -3, 366])
def test_feature_days_must_be_sensible(days):
    job = PublishedJobFactory()
    with pytest.raises(ValidationError, match="1 to 365 days"):
        job_feature(job=job, days=days)
    assert Job.objects.get(pk=job.pk).featured_until is None


def test_only_published_jobs_are_featured():
    job = SubmittedJobFactory()
    with pytest.raises(ValidationError, match="Only published jobs can be featured"):
        job_feature(job=job, days=7)
    assert Job.objects.get(pk=job.pk).featured_until is None


def test_a_lapsed_feature_cannot_be_stopped_again():
    job = FeaturedJobFactory(featured_until=timezone.now() - timedelta(minutes=1))
    with pytest.raises(ValidationError, match="not featured"):
        job_unfeature(job=job)


def test_only_live_or_waiting_jobs_are_ended():
    for status in (JobStatus.DRAFT, JobStatus.REJECTED, JobStatus.EXPIRED):
        job = JobFactory(status=status)
        with pytest.raises(ValidationError, match="Only published or pending jobs"):
            job_expire(job=job)
        assert Job.objects.get(pk=job.pk).status == status
    assert job_expire(job=SubmittedJobFactory()).status == JobStatus.EXPIRED
