"""The signed link in a "your job ends soon" email that renews the job without signing in.

It names the job and the end date it was sent for: once the job is renewed (or its end changed)
the link is spent, so it renews at most once.
"""

from datetime import datetime, timedelta

from django.core import signing

from jobs.models import Job

SALT = "jobs.renew"
# Longer than the reminder comes before the end: an ended job can still be renewed from it.
MAX_AGE = timedelta(days=30)


class RenewLinkProblem(Exception):
    """Why a renew link does not work, in words for the page."""


def renew_token(job: Job) -> str:
    return signing.dumps({"job": job.pk, "end": job.expires_at.isoformat()}, salt=SALT)


def job_for_renewal(token: str) -> Job:
    try:
        data = signing.loads(token, salt=SALT, max_age=MAX_AGE)
        job_id, end = int(data["job"]), datetime.fromisoformat(data["end"])
    except signing.SignatureExpired:
        raise RenewLinkProblem("This renew link has expired.") from None
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        raise RenewLinkProblem("This renew link is not valid.") from None
    job = Job.objects.select_related("company").filter(pk=job_id).first()
    if job is None:
        raise RenewLinkProblem("This job no longer exists.")
    if job.expires_at != end:
        raise RenewLinkProblem(
            "This job has been renewed, or its end date changed, since the email was sent."
        )
    return job
