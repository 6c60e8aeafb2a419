"""Employers' emails about their jobs, read from a real SMTP server."""

import re
from datetime import timedelta
from io import StringIO
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from alerts.sending import send_due_alerts
from jobs.emails import send_ending_reminders
from jobs.models import EmployerEmailSettings, JobStatus
from jobs.review import job_publish, job_reject, job_renew
from tests.factories import (
    CompanyFactory,
    ConfirmedAlertFactory,
    EmployerFactory,
    ModeratorFactory,
    PublishedJobFactory,
    SubmittedJobFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def company():
    return CompanyFactory(name="Allora Labs")


@pytest.fixture
def employers(company):
    """Two employers at the company, one who switched decision emails off, one elsewhere."""
    ada = EmployerFactory(username="ada", email="ada@allora.example", company=company)
    bea = EmployerFactory(username="bea", email="bea@allora.example", company=company)
    quiet = EmployerFactory(username="quiet", email="quiet@allora.example", company=company)
    EmployerEmailSettings.objects.create(user=quiet, job_reviews=False, job_ending=False)
    EmployerFactory(username="cy", email="cy@occam.example", company=CompanyFactory())
    EmployerFactory(username="nomail", email="", company=company)
    return ada, bea


def path_of(url: str) -> str:
    return urlsplit(url).path


def link(mail, pattern: str) -> str:
    return re.search(rf"https?://\S+{pattern}\S*", mail.body()).group(0)


def test_an_approval_is_emailed_to_the_companys_employers(
    smtp_server, employers, company, django_capture_on_commit_callbacks, settings
):
    settings.SITE_URL = "https://jobs.example.com"
    job = SubmittedJobFactory(company=company, title="Forecasting Lead")

    with django_capture_on_commit_callbacks(execute=True):
        job_publish(job=job, by=ModeratorFactory())

    assert sorted(smtp_server.recipients) == ["ada@allora.example", "bea@allora.example"]
    mail = smtp_server.to("ada@allora.example")[0]
    assert mail.subject == "Approved: Forecasting Lead"
    job.refresh_from_db()
    for body in (mail.body("plain"), mail.body("html")):
        assert f"https://jobs.example.com/jobs/{job.slug}/" in body
        assert f"https://jobs.example.com/admin/jobs/job/{job.pk}/change/" in body
        assert "https://jobs.example.com/jobs/account/emails/" in body


def test_a_rejection_is_emailed_with_the_reason(
    smtp_server, employers, company, django_capture_on_commit_callbacks
):
    job = SubmittedJobFactory(company=company, title="Growth Engineer")

    with django_capture_on_commit_callbacks(execute=True):
        job_reject(job=job, by=ModeratorFactory(), reason="Say what the job is & give a salary.")

    mail = smtp_server.to("bea@allora.example")[0]
    assert mail.subject == "Not approved: Growth Engineer"
    assert "Say what the job is & give a salary." in mail.body("plain")
    assert "Say what the job is &amp; give a salary." in mail.body("html")


def test_no_email_for_a_decision_that_is_rolled_back_or_made_by_no_one(
    smtp_server, employers, company, django_capture_on_commit_callbacks
):
    job = SubmittedJobFactory(company=company)
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            job_publish(job=job, by=ModeratorFactory())
            raise RuntimeError("something after the decision failed")
        job_publish(job=job)  # the demo loader's publishing: no moderator decided
    assert smtp_server.received == []


def test_a_mail_server_that_is_down_does_not_undo_the_decision(
    smtp_server, employers, company, django_capture_on_commit_callbacks, settings, caplog
):
    settings.EMAIL_PORT = 1
    job = SubmittedJobFactory(company=company)
    with django_capture_on_commit_callbacks(execute=True):
        job_publish(job=job, by=ModeratorFactory())
    job.refresh_from_db()
    assert job.status == JobStatus.PUBLISHED
    assert "Employer emails not sent" in caplog.text


def ending_job(company, days=2, **fields):
    now = timezone.now()
    return PublishedJobFactory(
        company=company,
        published_at=now - timedelta(days=28),
        expires_at=now + timedelta(days=days),
        **fields,
    )


def test_employers_are_reminded_once_of_a_job_about_to_end(smtp_server, employers, company):
    job = ending_job(company, title="Data Engineer, Berlin")
    ending_job(company, days=5, title="Not Yet")
    ending_job(company, days=-1, title="Already Ended")

    assert send_ending_reminders() == 1
    assert send_ending_reminders() == 0  # once per end date

    assert sorted(smtp_server.recipients) == ["ada@allora.example", "bea@allora.example"]
    mail = smtp_server.to("ada@allora.example")[0]
    assert mail.subject.startswith("Ends ") and mail.subject.endswith(": Data Engineer, Berlin")
    assert f"/admin/jobs/job/{job.pk}/change/" in mail.body()
    assert "/jobs/renew/" in mail.body() and "/jobs/renew/" in mail.body("html")


def test_a_refused_reminder_is_tried_again_on_the_next_run(
    smtp_server, employers, company, settings
):
    ending_job(company)
    port, settings.EMAIL_PORT = settings.EMAIL_PORT, 1
    assert send_ending_reminders() == 0
    settings.EMAIL_PORT = port
    assert send_ending_reminders() == 1
    assert len(smtp_server.received) == 2


def test_renewing_from_the_reminder_sends_the_job_for_review_and_keeps_it_old(
    client, smtp_server, employers, company
):
    alert = ConfirmedAlertFactory()
    alert.seen_until = alert.confirmed_at = timezone.now() - timedelta(days=40)
    alert.save()
    job = ending_job(company, title="Renewed Role")
    published_at, ends = job.published_at, job.expires_at
    assert send_due_alerts().jobs == 1  # the alert told of it when it was new

    send_ending_reminders()
    renew = path_of(link(smtp_server.to("ada@allora.example")[-1], "/jobs/renew/"))
    page = client.get(renew)
    assert page.status_code == 200 and "Renew “Renewed Role”?" in page.text
    job.refresh_from_db()
    assert job.status == JobStatus.PUBLISHED  # opening the link changes nothing

    response = client.post(renew)
    assert response.status_code == 200 and "Renewed:" in response.text
    job.refresh_from_db()
    assert job.status == JobStatus.PENDING
    assert job.expires_at == ends + timedelta(days=30)
    again = client.post(renew)
    assert again.status_code == 400 and "has been renewed" in again.text

    job_publish(job=job, by=ModeratorFactory())
    job.refresh_from_db()
    assert (job.status, job.published_at, job.expires_at) == (
        JobStatus.PUBLISHED,
        published_at,
        ends + timedelta(days=30),
    )
    # Not new: no alert announces it again.
    assert send_due_alerts(now=timezone.now() + timedelta(days=1)).jobs == 0


def test_a_forged_renew_link_changes_nothing(client, company):
    job = ending_job(company)
    response = client.post(reverse("jobs:renew", kwargs={"token": "1:abc:forged"}))
    assert response.status_code == 400 and "not valid" in response.text
    job.refresh_from_db()
    assert job.status == JobStatus.PUBLISHED


def test_employers_switch_the_emails_off_on_their_account_page(
    client, smtp_server, employers, company
):
    ada, _ = employers
    url = reverse("jobs:email_settings")
    assert client.get(url).status_code == 302  # sign in first
    client.force_login(ada)
    page = client.get(url)
    assert page.status_code == 200
    assert "Email me when a job ends in a few days, with a link to renew it" in page.text
    assert "Email settings" in client.get(reverse("admin:index")).text

    response = client.post(url, {"job_reviews": "on"})

    assert response.status_code == 302
    assert EmployerEmailSettings.objects.get(user=ada).job_ending is False
    ending_job(company)
    send_ending_reminders()
    assert list(smtp_server.recipients) == ["bea@allora.example"]


def test_renewing_is_for_jobs_that_are_or_were_on_the_board():
    with pytest.raises(Exception, match="Only jobs that are or were on the board"):
        job_renew(job=SubmittedJobFactory())
    ended = PublishedJobFactory(
        published_at=timezone.now() - timedelta(days=40),
        expires_at=timezone.now() - timedelta(days=10),
        status=JobStatus.EXPIRED,
    )
    now = timezone.now()
    renewed = job_renew(job=ended, now=now)
    assert renewed.status == JobStatus.PENDING
    assert renewed.expires_at == now + timedelta(days=30)


def test_the_reminder_command_says_how_many_jobs(smtp_server, employers, company):
    ending_job(company)
    out = StringIO()
    call_command("send_job_reminders", stdout=out)
    assert out.getvalue() == "Reminded employers of 1 job(s) ending soon.\n"
