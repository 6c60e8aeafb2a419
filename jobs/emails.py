"""Emails to employers about their jobs: a moderator's decision, and a job about to end.

Each goes to every member of the job's company who has an address and has not switched that kind
off (EmployerEmailSettings). A decision's email leaves once the decision is committed, never for
one rolled back; a mail server that cannot take it is logged and undoes nothing.
"""

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import get_connection
from django.db import transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone

from jobs.models import EmployerEmailSettings, Job, JobStatus
from jobs.renewal import renew_token
from web.mail import absolute_url, build_email

logger = logging.getLogger(__name__)

REVIEWS = "job_reviews"
ENDING = "job_ending"


def recipients(job: Job, kind: str) -> list:
    """The job's company members who get emails of `kind` (an EmployerEmailSettings field)."""
    switched_off = EmployerEmailSettings.objects.filter(**{kind: False}).values("user_id")
    return list(
        get_user_model()
        .objects.filter(company_memberships__company_id=job.company_id, is_active=True)
        .exclude(email="")
        .exclude(pk__in=switched_off)
        .distinct()
        .order_by("pk")
    )


def _emails(job: Job, kind: str, *, subject: str, template: str, context: dict) -> list:
    context = {
        "job": job,
        "admin_url": absolute_url(reverse("admin:jobs_job_change", args=[job.pk])),
        "settings_url": absolute_url(reverse("jobs:email_settings")),
        **context,
    }
    return [
        build_email(
            to=user.email,
            subject=subject,
            template=template,
            context={**context, "user": user},
            headers={"Auto-Submitted": "auto-generated"},
        )
        for user in recipients(job, kind)
    ]


def _send(messages: list) -> bool:
    if not messages:
        return True
    try:
        with get_connection() as connection:
            connection.send_messages(messages)
    except OSError:  # smtplib's errors are OSErrors too
        logger.exception("Employer emails not sent: %s", messages[0].subject)
        return False
    return True


def job_reviewed(job: Job, *, change_approved: bool = False, change_rejected: str = "") -> None:
    """A moderator approved or rejected `job` (with its reason), or the change that waited beside
    it on the board (change_approved, or change_rejected with the reason): its employers hear of
    it once the decision is committed."""
    change = change_approved or bool(change_rejected)
    approved = change_approved or (not change and job.status == JobStatus.PUBLISHED)
    verdict = "Approved" if approved else "Not approved"
    messages = _emails(
        job,
        REVIEWS,
        subject=f"{'Change ' + verdict.lower() if change else verdict}: {job.title}",
        template="jobs/email/job_reviewed",
        context={
            "approved": approved,
            "change": change,
            "reason": change_rejected or job.review_reason,
            "job_url": absolute_url(job.get_absolute_url()),
        },
    )
    transaction.on_commit(lambda: _send(messages))


def send_ending_reminders(*, now: datetime | None = None) -> int:
    """Remind employers of jobs on the board that end within JOB_ENDING_REMINDER_DAYS, once per
    end date, with a link that renews the job. Returns how many jobs they were reminded of.

    Each job is claimed with a conditional UPDATE before its email goes, so two runs at once
    (two machines' cron) remind of it once; a reminder the mail server refused is claimed back
    and tried on the next run.
    """
    now = now or timezone.now()
    not_yet = Q(end_reminder_for__isnull=True) | ~Q(end_reminder_for=F("expires_at"))
    ending = (
        Job.objects.visible()
        .filter(not_yet, expires_at__lte=now + timedelta(days=settings.JOB_ENDING_REMINDER_DAYS))
        .select_related("company")
        .order_by("expires_at", "pk")
    )
    reminded = 0
    for job in ending:
        claim = Job.objects.filter(not_yet, pk=job.pk, expires_at=job.expires_at)
        if not claim.update(end_reminder_for=job.expires_at):
            continue  # another run has it
        messages = _emails(
            job,
            ENDING,
            subject=f"Ends {timezone.localtime(job.expires_at):%-d %b}: {job.title}",
            template="jobs/email/job_ending",
            context={
                "job_url": absolute_url(job.get_absolute_url()),
                "renew_url": absolute_url(
                    reverse("jobs:renew", kwargs={"token": renew_token(job)})
                ),
                "days": settings.JOB_LIFETIME_DAYS,
            },
        )
        if _send(messages):
            reminded += 1
        else:
            Job.objects.filter(pk=job.pk, end_reminder_for=job.expires_at).update(
                end_reminder_for=job.end_reminder_for
            )
    return reminded
