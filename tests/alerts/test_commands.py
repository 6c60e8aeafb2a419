"""`manage.py send_job_alerts`: its summary, its options, and two of it running at once."""

import os
import re
import subprocess
import sys
from datetime import timedelta
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone

import jobboard
from alerts.models import Alert, AlertStatus, Frequency, Subscriber
from tests.factories import ConfirmedAlertFactory, PublishedJobFactory

PROJECT = Path(jobboard.__file__).resolve().parent.parent
ON_POSTGRESQL = connection.vendor == "postgresql"


def fresh_job(**fields):
    return PublishedJobFactory(published_at=timezone.now() - timedelta(hours=2), **fields)


def run(*args) -> str:
    out = StringIO()
    call_command("send_job_alerts", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_the_summary_counts_what_happened(smtp_server):
    fresh_job(title="Fresh")
    ConfirmedAlertFactory(subscriber__email="ada@example.com")
    ConfirmedAlertFactory(subscriber__email="bea@example.com", query="remote=remote")
    ConfirmedAlertFactory(subscriber__email="gone@example.com")
    smtp_server.refuse["gone@example.com"] = "550 5.1.1 No such user"

    output = run()

    assert re.search(r"due\s+3\n", output)
    assert re.search(r"emails sent\s+1  1 jobs", output)
    assert re.search(r"nothing new\s+1\n", output)
    assert re.search(r"addresses refused\s+1 ", output)
    assert "refused gone@example.com: 550 5.1.1 No such user" in output
    assert "Done in" in output
    assert list(smtp_server.recipients) == ["ada@example.com"]


@pytest.mark.django_db
def test_a_dry_run_lists_the_emails_and_sends_nothing(smtp_server):
    fresh_job()
    fresh_job()
    alert = ConfirmedAlertFactory(subscriber__email="ada@example.com")

    output = run("--dry-run")

    assert "dry run: nothing sent, nothing changed" in output
    assert re.search(r"emails to send\s+1  2 jobs", output)
    assert "ada@example.com: 2 jobs" in output
    assert smtp_server.received == []
    alert.refresh_from_db()
    assert alert.checked_at is None


@pytest.mark.django_db
def test_one_frequency_at_a_time(smtp_server):
    fresh_job()
    ConfirmedAlertFactory(subscriber__email="daily@example.com", frequency=Frequency.DAILY)
    ConfirmedAlertFactory(subscriber__email="weekly@example.com", frequency=Frequency.WEEKLY)

    output = run("--frequency", "weekly")

    assert output.startswith("weekly job alerts")
    assert list(smtp_server.recipients) == ["weekly@example.com"]
    run("--frequency", "daily")
    assert sorted(smtp_server.recipients) == ["daily@example.com", "weekly@example.com"]


@pytest.mark.django_db
def test_an_unknown_frequency_is_refused():
    with pytest.raises(CommandError, match="invalid choice: 'hourly'"):
        call_command("send_job_alerts", "--frequency", "hourly")


@pytest.mark.django_db
def test_an_unreachable_mail_server_ends_the_run_with_an_error(smtp_server, settings):
    fresh_job()
    ConfirmedAlertFactory()
    settings.EMAIL_PORT = 1

    with pytest.raises(CommandError, match="Stopped: cannot connect to the mail server"):
        run()
    assert Alert.objects.get().checked_at is None


def database_url() -> str:
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    return f"postgres://{db['USER']}{password}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.mark.skipif(not ON_POSTGRESQL, reason="row locks (SKIP LOCKED) are PostgreSQL's")
@pytest.mark.django_db(transaction=True)
def test_two_senders_at_once_send_each_alert_exactly_once(smtp_server):
    """Two processes, as two machines' cron would start them; the server takes 5 ms a message,
    so their runs overlap."""
    alerts = 300
    smtp_server.delay = 0.005
    fresh_job(title="Fresh")
    now = timezone.now() - timedelta(days=1)
    subscribers = Subscriber.objects.bulk_create(
        Subscriber(email=f"seeker{n}@example.com") for n in range(alerts)
    )
    Alert.objects.bulk_create(
        Alert(subscriber=subscriber, status=AlertStatus.ACTIVE, confirmed_at=now, seen_until=now)
        for subscriber in subscribers
    )
    env = {**os.environ, "DATABASE_URL": database_url(), "EMAIL_URL": smtp_server.url}
    senders = [
        subprocess.Popen(
            [sys.executable, "manage.py", "send_job_alerts"],
            cwd=PROJECT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    outputs = [sender.communicate(timeout=120) for sender in senders]

    for sender, (_, err) in zip(senders, outputs, strict=True):
        assert sender.returncode == 0, err
    sent = [int(re.search(r"emails sent\s+([\d,]+)", out).group(1)) for out, _ in outputs]
    assert sum(sent) == alerts
    assert all(count > 0 for count in sent), sent  # both sent: they ran side by side
    assert len(smtp_server.recipients) == alerts
    assert set(smtp_server.recipients.values()) == {1}  # every address exactly once
    assert not Alert.objects.filter(last_sent_at__isnull=True).exists()
