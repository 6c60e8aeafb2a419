"""The review workflow (jobs/review.py): submit, publish, reject, changes waiting beside a job
on the board, the version a decision names, renewal and a salary's verdict."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from jobs.models import Job, JobChange, JobStatus
from jobs.review import (
    job_approve,
    job_change_approve,
    job_create,
    job_edit,
    job_publish,
    job_reject,
    job_renew,
    job_salary_review,
    job_submit,
)
from jobs.services import (
    job_expire,
)
from salaries.choices import ReviewState
from salaries.models import SalaryRecord
from tests.factories import (
    CompanyFactory,
    EmployerFactory,
    JobFactory,
    ModeratorFactory,
    PublishedJobFactory,
    SubmittedJobFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


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


def test_salary_review_needs_a_salary():
    job = JobFactory(salary_min=None, salary_max=None, salary_currency="", salary_period="")
    with pytest.raises(ValidationError, match="no salary"):
        job_salary_review(job=job, state=ReviewState.ACCEPTED)


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


def test_salary_verdicts_record_who_and_when():
    moderator, now = ModeratorFactory(), timezone.now()
    job = job_salary_review(job=JobFactory(), state=ReviewState.REJECTED, by=moderator, now=now)
    job.refresh_from_db()
    assert (job.salary_reviewed_by, job.salary_reviewed_at) == (moderator, now)


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
