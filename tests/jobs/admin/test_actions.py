"""jobs/admin/actions.py: the job list's actions, and who may run which."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from jobs.models import Job, JobStatus
from jobs.review import job_edit, job_publish
from salaries.choices import ReviewState
from salaries.models import SalaryRecord
from tests.factories import (
    EmployerFactory,
    JobFactory,
    PublishedJobFactory,
    SubmittedJobFactory,
)

pytestmark = pytest.mark.django_db


def actions_of(client):
    response = client.get(reverse("admin:jobs_job_changelist"))
    return set(dict(response.context["action_form"].fields["action"].choices)) - {""}


def test_employers_can_only_end_or_delete_their_jobs(employer_client, allora):
    assert actions_of(employer_client) == {"expire", "delete_selected"}
    job = SubmittedJobFactory(company=allora)
    url = reverse("admin:jobs_job_changelist")
    for action in ("publish", "feature", "confirm_salary"):
        employer_client.post(url, {"action": action, "_selected_action": [job.pk], "days": "9"})
    job.refresh_from_db()
    assert (job.status, job.featured_until, job.salary_reviewed_by) == (
        JobStatus.PENDING,
        None,
        None,
    )


def test_moderators_have_every_review_action(moderator_client):
    assert actions_of(moderator_client) == {
        "publish",
        "reject",
        "feature",
        "unfeature",
        "expire",
        "confirm_salary",
        "reject_salary",
    }


def test_moderators_approve_and_confirm_salaries(moderator_client, allora, settings):
    settings.JOB_LIFETIME_DAYS = 30
    job = SubmittedJobFactory(company=allora)
    url = reverse("admin:jobs_job_changelist")
    shown = {f"version-{job.pk}": job.version}
    response = moderator_client.post(
        url, {"action": "publish", "_selected_action": [job.pk], **shown}, follow=True
    )
    assert "1 job approved." in response.content.decode()
    job.refresh_from_db()
    assert job.status == JobStatus.PUBLISHED
    assert job.reviewed_by.groups.get().name == "Moderators"
    assert job.expires_at - job.published_at == timedelta(days=30)
    assert SalaryRecord.objects.count() == 1
    response = moderator_client.post(
        url, {"action": "publish", "_selected_action": [job.pk], **shown}, follow=True
    )
    assert "already published" in response.content.decode()
    response = moderator_client.get(reverse("admin:jobs_job_history", args=[job.pk]))
    assert "Approved" in response.content.decode()


def test_confirming_and_rejecting_a_job_salary_records_the_moderator(moderator_client):
    job = JobFactory(salary_review=ReviewState.NEEDS_REVIEW)
    url = reverse("admin:jobs_job_changelist")
    moderator_client.post(url, {"action": "confirm_salary", "_selected_action": [job.pk]})
    job.refresh_from_db()
    assert job.salary_review == ReviewState.ACCEPTED
    assert job.salary_reviewed_by_id == int(moderator_client.session["_auth_user_id"])
    moderator_client.post(url, {"action": "reject_salary", "_selected_action": [job.pk]})
    job.refresh_from_db()
    assert job.salary_review == ReviewState.REJECTED


def test_rejecting_asks_for_a_reason_the_employer_then_sees(moderator_client, client, allora):
    job = SubmittedJobFactory(company=allora, title="Prompt Whisperer")
    url = reverse("admin:jobs_job_changelist")
    chosen = {"action": "reject", "_selected_action": [job.pk], f"version-{job.pk}": job.version}
    response = moderator_client.post(url, chosen)
    assert response.status_code == 200
    assert "Reason, shown to the employer" in response.content.decode()
    assert "Prompt Whisperer" in response.content.decode()
    response = moderator_client.post(url, {**chosen, "apply": "yes", "reason": "  "})
    assert response.context["form"].errors["reason"] == ["This field is required."]
    assert Job.objects.get(pk=job.pk).status == JobStatus.PENDING
    response = moderator_client.post(
        url, {**chosen, "apply": "yes", "reason": "Name the salary range."}, follow=True
    )
    assert "1 job rejected." in response.content.decode()
    job.refresh_from_db()
    assert (job.status, job.review_reason) == (JobStatus.REJECTED, "Name the salary range.")

    client.force_login(EmployerFactory(company=allora))
    assert "Name the salary range." in client.get(url).content.decode()
    page = client.get(reverse("admin:jobs_job_change", args=[job.pk]))
    notes = [str(message) for message in page.context["messages"]]
    assert notes == [
        "A moderator rejected this job: Name the salary range. Change what they ask and save "
        "to send it back for review."
    ]


def test_featuring_asks_for_days(moderator_client):
    job = PublishedJobFactory()
    pending = SubmittedJobFactory(title="Not yet live")
    url = reverse("admin:jobs_job_changelist")
    chosen = {"action": "feature", "_selected_action": [job.pk, pending.pk]}
    response = moderator_client.post(url, chosen)
    assert response.context["form"]["days"].value() == 30
    response = moderator_client.post(url, {**chosen, "apply": "yes", "days": "0"})
    assert "greater than or equal to 1" in response.content.decode()
    assert not Job.objects.featured().exists()
    before = timezone.now()
    response = moderator_client.post(url, {**chosen, "apply": "yes", "days": "12"}, follow=True)
    content = response.content.decode()
    assert "1 job featured for 12 days." in content
    assert "Not yet live: Only published jobs can be featured" in content
    job.refresh_from_db()
    assert before + timedelta(days=12) <= job.featured_until <= timezone.now() + timedelta(days=12)
    moderator_client.post(url, {"action": "unfeature", "_selected_action": [job.pk]})
    assert not Job.objects.featured().exists()


def test_employers_end_their_own_job_early_once_they_confirm(employer_client, allora):
    job = job_publish(job=SubmittedJobFactory(company=allora))
    url = reverse("admin:jobs_job_changelist")
    asked = employer_client.post(url, {"action": "expire", "_selected_action": [job.pk]})
    # Choosing the action only asks: nothing has ended yet.
    assert asked.status_code == 200
    assert "End jobs now?" in asked.content.decode()
    job.refresh_from_db()
    assert job.status == JobStatus.PUBLISHED
    done = employer_client.post(
        url, {"action": "expire", "_selected_action": [job.pk], "apply": "yes"}, follow=True
    )
    assert "1 job ended." in done.content.decode()
    job.refresh_from_db()
    assert job.status == JobStatus.EXPIRED
    assert not SalaryRecord.objects.exists()
    # The list gives the day it ended, not the end date it had before.
    assert job.expires_at <= timezone.now()
    row = done.content.decode().split('class="field-ends"')[1].split("</td>")[0]
    assert timezone.localtime().strftime("%-d %b %Y") in row


def test_the_list_sends_the_version_each_row_shows(moderator_client, allora):
    job = SubmittedJobFactory(company=allora)
    page = moderator_client.get(reverse("admin:jobs_job_changelist")).content.decode()
    assert f'name="version-{job.pk}" value="{job.version}"' in page


@pytest.mark.parametrize("action", ["publish", "reject"])
def test_a_list_decision_on_a_job_saved_since_is_refused(moderator_client, allora, action):
    """19.5: the moderator loaded version 1, the employer saved version 2 (a phishing link)."""
    job = SubmittedJobFactory(company=allora, apply_url="https://allora.example/apply")
    seen = job.version
    edit = Job.objects.get(pk=job.pk)
    edit.apply_url = "https://phish.example/cv"
    job_edit(job=edit, changed=["apply_url"], by=EmployerFactory(company=allora))
    response = moderator_client.post(
        reverse("admin:jobs_job_changelist"),
        {
            "action": action,
            "_selected_action": [job.pk],
            f"version-{job.pk}": seen,
            "apply": "yes",
            "reason": "Fine print.",
        },
        follow=True,
    )
    assert "was saved again since you opened it" in response.content.decode()
    job.refresh_from_db()
    assert (job.status, job.apply_url) == (JobStatus.PENDING, "https://phish.example/cv")
    # A request that names no version is refused too.
    moderator_client.post(
        reverse("admin:jobs_job_changelist"),
        {"action": action, "_selected_action": [job.pk], "apply": "yes", "reason": "x"},
    )
    assert Job.objects.get(pk=job.pk).status == JobStatus.PENDING


def test_the_list_approves_a_change_waiting_beside_a_live_job(moderator_client, allora):
    job = job_publish(job=SubmittedJobFactory(company=allora, title="Data Engineer"))
    edit = Job.objects.get(pk=job.pk)
    edit.title = "Data Engineer (Remote)"
    job_edit(job=edit, changed=["title"], by=EmployerFactory(company=allora))
    listing = moderator_client.get(reverse("admin:jobs_job_changelist"), {"waiting": "yes"})
    assert list(listing.context["cl"].queryset) == [job]
    assert "Published, change waiting for review" in listing.content.decode()
    job.refresh_from_db()
    moderator_client.post(
        reverse("admin:jobs_job_changelist"),
        {"action": "publish", "_selected_action": [job.pk], f"version-{job.pk}": job.version},
    )
    assert Job.objects.get(pk=job.pk).title == "Data Engineer (Remote)"
