from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command

from alerts.models import Alert
from alerts.sending import send_due_alerts
from jobs.models import Job

pytestmark = pytest.mark.django_db


def test_the_demo_alert_sends_the_remote_jobs_of_its_first_week(settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=StringIO())
    alert = Alert.objects.get()
    expected = [
        job.title
        for job in Job.objects.visible()
        .filter(remote_policy="remote", published_at__gt=alert.confirmed_at)
        .order_by("-published_at")
    ]

    report = send_due_alerts()

    [digest] = mail.outbox
    assert digest.to == ["seeker@example.com"]
    assert expected and report.jobs == len(expected)
    positions = [digest.body.index(f"* {title} at ") for title in expected]
    assert positions == sorted(positions)
