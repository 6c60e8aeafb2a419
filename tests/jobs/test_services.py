from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from jobs.models import Job, JobChange, JobStatus
from jobs.services import (
    JOB_POSTINGS_SOURCE,
    job_approve,
    job_change_approve,
    job_create,
    job_delete,
    job_edit,
    job_expire,
    job_feature,
    job_publish,
    job_reject,
    job_renew,
    job_salary_review,
    job_submit,
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
        with pytest.raises(ValidationError, match="Only jobs submitted for review") as caught:
            job_publish(job=JobFactory(status=status))
        assert caught.value.code == "not_submitted"
        assert caught.value.messages[0].endswith(f"this one is {status.label}.")
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


def test_submit_moves_a_draft_to_review_only():
    job = job_submit(job=JobFactory())
    assert job.status == JobStatus.PENDING
    with pytest.raises(ValidationError, match="Only drafts"):
        job_submit(job=job)


def test_save_records_who_created_the_job():
    user = UserFactory()
    job = JobFactory.build(company=JobFactory().company, role=None)
    job_create(job=job, by=user)
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


def test_an_employers_edit_of_a_live_job_waits_beside_it_for_review():
    job = job_publish(job=SubmittedJobFactory(), now=timezone.now() - timedelta(days=3))
    live = (job.title, job.published_at, job.salary_record_id, job.version)
    employer = EmployerFactory(company=job.company)
    edit = Job.objects.get(pk=job.pk)
    edit.title, edit.location = "Changed after approval", "Galveston, TX"
    saved = job_edit(job=edit, changed=["title", "location"], by=employer, tags=["x"])
    assert saved.change_waiting and saved.sent_for_review
    # The live job is as it was: on the board, its title, its date, its statistics point.
    job = Job.objects.get(pk=job.pk)
    assert (job.title, job.published_at, job.salary_record_id) == live[:3]
    assert job.status == JobStatus.PUBLISHED and list(Job.objects.visible()) == [job]
    assert job.version == live[3] + 1
    change = JobChange.objects.get(job=job)
    assert change.values == {"title": "Changed after approval", "location": "Galveston, TX"}
    assert change.submitted_by == employer
    assert [(d.label, d.before, d.after) for d in change.differences()] == [
        ("Title", live[0], "Changed after approval"),
        ("Location", "Berlin", "Galveston, TX"),
    ]


def test_a_second_edit_adds_to_the_waiting_change_and_undoing_it_withdraws_it():
    job = job_publish(job=SubmittedJobFactory(title="Data Engineer", location="Berlin"))
    employer = EmployerFactory(company=job.company)
    edit = Job.objects.get(pk=job.pk)
    edit.title = "Data Engineer II"
    job_edit(job=edit, changed=["title"], by=employer)
    edit.location = "Austin"
    job_edit(job=edit, changed=["location"], by=employer)
    assert JobChange.objects.get().values == {"title": "Data Engineer II", "location": "Austin"}
    edit.title, edit.location = "Data Engineer", "Berlin"
    saved = job_edit(job=edit, changed=["title", "location"], by=employer)
    assert not saved.change_waiting and not JobChange.objects.exists()


def test_approving_a_change_applies_it_and_keeps_the_publication_date():
    older = job_publish(job=SubmittedJobFactory(), now=timezone.now() - timedelta(days=9))
    job = job_publish(job=SubmittedJobFactory(), now=timezone.now() - timedelta(days=5))
    newer = job_publish(job=SubmittedJobFactory(), now=timezone.now() - timedelta(days=1))
    published_at = job.published_at
    employer, moderator = EmployerFactory(company=job.company), ModeratorFactory()
    edit = Job.objects.get(pk=job.pk)
    edit.title = "Typo fixed"
    job_edit(job=edit, changed=["title", "tags"], by=employer, tags=["python", "sql"])
    seen = Job.objects.get(pk=job.pk).version
    job = job_approve(job=job, by=moderator, version=seen)
    job.refresh_from_db()
    assert (job.title, job.status, job.published_at) == (
        "Typo fixed",
        JobStatus.PUBLISHED,
        published_at,
    )
    assert sorted(job.tags.names()) == ["python", "sql"]
    assert job.reviewed_by == moderator and not JobChange.objects.exists()
    # Still in its place in "Newest first", not bumped to the top.
    assert list(Job.objects.visible().newest_first()) == [newer, job, older]


def test_rejecting_a_change_keeps_the_live_job_and_tells_the_employer(
    mailoutbox, django_capture_on_commit_callbacks
):
    job = job_publish(job=SubmittedJobFactory(title="Data Engineer"))
    employer = EmployerFactory(company=job.company, email="hr@allora.example")
    edit = Job.objects.get(pk=job.pk)
    edit.apply_url = "https://phish.example/cv"
    job_edit(job=edit, changed=["apply_url"], by=employer)
    with django_capture_on_commit_callbacks(execute=True):
        job = job_reject(job=job, by=ModeratorFactory(), reason="Use your own domain.")
    job.refresh_from_db()
    assert job.status == JobStatus.PUBLISHED and job.apply_url != "https://phish.example/cv"
    assert not JobChange.objects.exists()
    assert [m.subject for m in mailoutbox] == ["Change not approved: Data Engineer"]
    assert "Use your own domain." in mailoutbox[0].body


def test_a_change_is_refused_as_a_save_would_be():
    job = job_publish(job=SubmittedJobFactory())
    edit = Job.objects.get(pk=job.pk)
    edit.apply_url, edit.apply_email = "", ""
    with pytest.raises(ValidationError, match="application link or an application email"):
        job_edit(
            job=edit,
            changed=["apply_url", "apply_email"],
            by=EmployerFactory(company=job.company),
        )
    assert not JobChange.objects.exists()


def test_a_decision_on_a_version_no_longer_the_latest_is_refused():
    """19.5: the moderator opened version 1; the employer saved version 2 since."""
    job = SubmittedJobFactory(apply_url="https://allora.example/apply")
    seen = job.version
    employer = EmployerFactory(company=job.company)
    edit = Job.objects.get(pk=job.pk)
    edit.apply_url = "https://phish.example/cv"
    job_edit(job=edit, changed=["apply_url"], by=employer)
    for decide in (
        lambda: job_approve(job=job, by=ModeratorFactory(), version=seen),
        lambda: job_reject(job=job, by=ModeratorFactory(), reason="No.", version=seen),
    ):
        with pytest.raises(ValidationError, match="saved again since you opened it"):
            decide()
    job.refresh_from_db()
    assert job.status == JobStatus.PENDING and job.reviewed_by is None
    job_approve(job=job, by=ModeratorFactory(), version=job.version)
    assert Job.objects.get(pk=job.pk).status == JobStatus.PUBLISHED


def test_an_edit_of_a_pending_job_refreshes_when_it_was_submitted():
    job = SubmittedJobFactory(submitted_at=timezone.now() - timedelta(days=2))
    edit = Job.objects.get(pk=job.pk)
    edit.title = "Edited while waiting"
    saved = job_edit(job=edit, changed=["title"], by=EmployerFactory(company=job.company))
    assert saved.job.submitted_at > timezone.now() - timedelta(minutes=1)
    assert saved.job.version == job.version + 1


def test_a_moderators_edit_keeps_the_job_published():
    job = job_publish(job=SubmittedJobFactory())
    job = Job.objects.get(pk=job.pk)
    job.title = "Typo fixed"
    saved = job_edit(job=job, changed=["title"], by=ModeratorFactory())
    assert not (saved.change_waiting or saved.sent_for_review)
    job = saved.job
    assert (job.status, job.title) == (JobStatus.PUBLISHED, "Typo fixed")
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
    editing = job_edit(job=editing, changed=["location"]).job
    assert editing.status == JobStatus.PUBLISHED
    assert Job.objects.get().location == "Hamburg"
    assert SalaryRecord.objects.count() == 1


def test_approval_records_who_and_when_and_ends_after_the_default_lifetime(settings):
    settings.JOB_LIFETIME_DAYS = 30
    moderator = ModeratorFactory()
    now = timezone.now()
    job = job_publish(job=SubmittedJobFactory(), by=moderator, now=now)
    job.refresh_from_db()
    assert (job.reviewed_by, job.reviewed_at) == (moderator, now)
    assert job.expires_at == now + timedelta(days=30)


def test_the_lifetime_default_is_thirty_days():
    from django.conf import settings

    assert settings.JOB_LIFETIME_DAYS == 30


def test_a_rejection_needs_a_reason_the_employer_can_read():
    moderator = ModeratorFactory()
    job = SubmittedJobFactory()
    before = timezone.now()
    with pytest.raises(ValidationError, match="Give the employer a reason"):
        job_reject(job=job, reason="   ", by=moderator)
    assert Job.objects.get(pk=job.pk).status == JobStatus.PENDING
    job = job_reject(job=job, reason="  Add a salary range.  ", by=moderator)
    job.refresh_from_db()
    assert (job.status, job.review_reason, job.reviewed_by) == (
        JobStatus.REJECTED,
        "Add a salary range.",
        moderator,
    )
    assert before <= job.reviewed_at <= timezone.now()


def test_a_mended_job_keeps_the_reason_until_approved():
    moderator = ModeratorFactory()
    job = job_reject(job=SubmittedJobFactory(), reason="Add a salary range.", by=moderator)
    employer = EmployerFactory(company=job.company)
    job = Job.objects.get(pk=job.pk)
    job.description = "Now with a salary."
    job = job_edit(job=job, changed=["description"], by=employer).job
    assert (job.status, job.review_reason) == (JobStatus.PENDING, "Add a salary range.")
    job = job_publish(job=job, by=moderator)
    assert (job.status, job.review_reason) == (JobStatus.PUBLISHED, "")


def test_saving_through_a_person_sends_the_job_for_review():
    employer = EmployerFactory()
    job = JobFactory.build(company=CompanyFactory(), role=None)
    before = timezone.now()
    saved = job_create(job=job, by=employer)
    assert saved.sent_for_review and saved.job.status == JobStatus.PENDING
    assert before <= saved.job.submitted_at <= timezone.now()
    rejected = JobFactory(status=JobStatus.REJECTED)
    saved = job_edit(job=Job.objects.get(pk=rejected.pk), changed=[], by=employer)
    assert saved.sent_for_review and saved.job.status == JobStatus.PENDING


def test_a_moderators_edit_keeps_a_rejected_job_rejected():
    job = job_reject(job=SubmittedJobFactory(), reason="Spam.")
    job = Job.objects.get(pk=job.pk)
    job.title = "Tidied"
    assert job_edit(job=job, changed=["title"], by=ModeratorFactory()).job.status == "rejected"


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


def test_salary_verdicts_record_who_and_when():
    moderator, now = ModeratorFactory(), timezone.now()
    job = job_salary_review(job=JobFactory(), state=ReviewState.REJECTED, by=moderator, now=now)
    job.refresh_from_db()
    assert (job.salary_reviewed_by, job.salary_reviewed_at) == (moderator, now)


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


def test_a_renewed_job_takes_the_change_that_waited_beside_it():
    job = job_publish(job=SubmittedJobFactory(title="Data Engineer"))
    edit = Job.objects.get(pk=job.pk)
    edit.title = "Senior Data Engineer"
    job_edit(job=edit, changed=["title"], by=EmployerFactory(company=job.company))
    job = job_renew(job=job)
    # Off the board for review anyway: the moderator reviews the job with the change in it.
    assert (job.status, job.title) == (JobStatus.PENDING, "Senior Data Engineer")
    assert not JobChange.objects.exists()
    job_approve(job=job, by=ModeratorFactory(), version=Job.objects.get(pk=job.pk).version)
    assert Job.objects.get(pk=job.pk).status == JobStatus.PUBLISHED


def test_a_change_beside_an_ended_job_waits_for_it_to_come_back():
    job = job_publish(job=SubmittedJobFactory(title="Data Engineer"))
    employer = EmployerFactory(company=job.company)
    edit = Job.objects.get(pk=job.pk)
    edit.title = "Senior Data Engineer"
    job_edit(job=edit, changed=["title"], by=employer)
    job_expire(job=job)
    assert not Job.objects.waiting_for_review().exists()  # nothing for moderators to decide
    with pytest.raises(ValidationError, match="No change of this job waits"):
        job_change_approve(job=job, by=ModeratorFactory())
    # The employer's next save takes it in, and the job goes for review whole.
    edit = Job.objects.get(pk=job.pk)
    edit.location = "Austin"
    saved = job_edit(job=edit, changed=["location"], by=employer)
    assert (saved.job.status, saved.job.title, saved.job.location) == (
        JobStatus.PENDING,
        "Senior Data Engineer",
        "Austin",
    )
    assert not JobChange.objects.exists()
