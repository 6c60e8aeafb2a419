"""send_due_alerts against a real SMTP server: what each address receives, and what it never
does."""

from datetime import timedelta
from decimal import Decimal
from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.utils import timezone

from alerts.models import Alert, AlertStatus, StopReason, Subscriber
from alerts.sending import SETTLE, send_due_alerts
from jobs.models import JobStatus
from tests.factories import (
    AlertFactory,
    CompanyFactory,
    ConfirmedAlertFactory,
    PublishedJobFactory,
    RoleFactory,
)

pytestmark = pytest.mark.django_db


def ago(**delta):
    return timezone.now() - timedelta(**delta)


def job(title, hours_ago, **fields):
    published_at = ago(hours=hours_ago)
    return PublishedJobFactory(
        title=title,
        published_at=published_at,
        expires_at=fields.pop("expires_at", published_at + timedelta(days=30)),
        **fields,
    )


def titles_in(text, candidates):
    """The candidates the text names, in the order it names them."""
    found = [(text.index(title), title) for title in candidates if title in text]
    return [title for _, title in sorted(found)]


ALL_TITLES = [
    "Old Remote",
    "Remote Yesterday",
    "Remote Today",
    "Onsite Today",
    "Remote Ended",
    "Remote Taken Down",
    "Remote Just Now",
]


@pytest.fixture
def board():
    """An alert for remote jobs, confirmed 2 days ago, and jobs around it."""
    alert = ConfirmedAlertFactory(subscriber__email="ada@example.com", query="remote=remote")
    job("Old Remote", 72, remote_policy="remote")  # before the alert was confirmed
    job("Remote Yesterday", 30, remote_policy="remote")
    job("Remote Today", 2, remote_policy="remote")
    job("Onsite Today", 1, remote_policy="onsite")  # not in the search
    job("Remote Ended", 20, remote_policy="remote", expires_at=ago(hours=1))
    taken_down = job("Remote Taken Down", 20, remote_policy="remote")
    taken_down.status = JobStatus.EXPIRED
    taken_down.save()
    job_just_now = job("Remote Just Now", 0, remote_policy="remote")  # still settling
    job_just_now.published_at = ago(seconds=10)
    job_just_now.save()
    return alert


def test_a_digest_has_the_new_matching_jobs_newest_first_and_nothing_else(board, smtp_server):
    report = send_due_alerts()

    assert (report.due, report.sent, report.jobs) == (1, 1, 2)
    [mail] = smtp_server.received
    assert mail.rcpt_tos == ["ada@example.com"]
    assert mail.subject == "2 new jobs: Workplace: Remote"
    for body in (mail.body("plain"), mail.body("html")):
        assert titles_in(body, ALL_TITLES) == ["Remote Today", "Remote Yesterday"]


def test_no_job_comes_twice_and_each_run_brings_the_newer_ones(board, smtp_server):
    send_due_alerts(now=ago(hours=24))  # yesterday's run: until then only "Remote Yesterday"
    send_due_alerts()  # today's
    send_due_alerts()  # again today: this period is done

    first, second = smtp_server.received
    assert titles_in(first.body(), ALL_TITLES) == ["Remote Yesterday"]
    assert titles_in(second.body(), ALL_TITLES) == ["Remote Today"]
    board.refresh_from_db()
    assert ago(seconds=10) - SETTLE < board.seen_until < ago(seconds=10)


def test_a_job_published_as_the_run_starts_comes_in_the_next_email_once(board, smtp_server):
    send_due_alerts()
    tomorrow = timezone.now() + timedelta(days=1)
    send_due_alerts(now=tomorrow)
    send_due_alerts(now=tomorrow + timedelta(days=1))

    first, second = smtp_server.received
    assert "Remote Just Now" not in first.body()
    assert titles_in(second.body(), ALL_TITLES) == ["Remote Just Now"]


def test_each_job_is_shown_as_on_the_board_with_a_link(smtp_server, settings):
    settings.SITE_URL = "https://jobs.example.com"
    ConfirmedAlertFactory(subscriber__email="ada@example.com", query="q=pipelines")
    listed = job(
        "Pipelines Lead",
        3,
        company=CompanyFactory(name="Fjord Robotics"),
        location="Oslo",
        country="NO",
        remote_policy="hybrid",
        employment_type="CT",
        experience_level="SE",
        salary_min=Decimal(150_000),
        salary_max=Decimal(190_000),
    )

    send_due_alerts()

    [mail] = smtp_server.received
    text, html = mail.body("plain"), mail.body("html")
    for body in (text, html):
        assert "Pipelines Lead" in body
        assert "Fjord Robotics" in body
        assert "Oslo · Hybrid · Contract · Senior-level" in body
        assert "USD 150K - 190K" in body
        assert f"https://jobs.example.com/jobs/{listed.slug}/" in body
        assert "https://jobs.example.com/jobs/?q=pipelines" in body
    assert "<a href=" not in text


def test_at_most_twenty_jobs_then_a_link_to_the_whole_search(smtp_server, settings):
    settings.SITE_URL = "https://jobs.example.com"
    alert = ConfirmedAlertFactory(query="role=ml-engineer")
    role = RoleFactory(name="ML Engineer", slug="ml-engineer")
    for n in range(23):
        job(f"Model Builder {n:02d}", 40 - n, role=role)

    send_due_alerts()

    [mail] = smtp_server.received
    text = mail.body()
    assert mail.subject == "20+ new jobs: Role: ML Engineer"
    shown = [n for n in range(23) if f"Model Builder {n:02d}" in text]
    assert shown == list(range(3, 23))  # the newest 20
    assert titles_in(text, [f"Model Builder {n:02d}" for n in (22, 21, 3)]) == [
        "Model Builder 22",
        "Model Builder 21",
        "Model Builder 03",
    ]
    assert "More new jobs match this search: https://jobs.example.com/jobs/?role=ml-engineer" in (
        text
    )
    # The three left out are in the whole search, not in the next email.
    alert.refresh_from_db()
    assert send_due_alerts(now=timezone.now() + timedelta(days=1)).sent == 0


def test_nothing_is_sent_when_nothing_is_new(smtp_server):
    alert = ConfirmedAlertFactory()
    job("Before The Alert", 72)

    report = send_due_alerts()

    assert (report.sent, report.nothing_new) == (0, 1)
    assert smtp_server.received == []
    alert.refresh_from_db()
    assert alert.checked_at is not None and alert.last_sent_at is None


def test_only_active_alerts_of_receiving_addresses_are_sent(smtp_server):
    job("Fresh", 3)
    ConfirmedAlertFactory(subscriber__email="active@example.com")
    ConfirmedAlertFactory(subscriber__email="paused@example.com", status=AlertStatus.PAUSED)
    AlertFactory(subscriber__email="pending@example.com")
    ConfirmedAlertFactory(
        subscriber__email="bounced@example.com",
        subscriber__stopped_at=ago(days=1),
        subscriber__stop_reason=StopReason.BOUNCED,
    )

    send_due_alerts()

    assert list(smtp_server.recipients) == ["active@example.com"]


def test_an_alert_goes_at_most_once_a_day_or_a_week_whenever_cron_runs(smtp_server):
    daily = ConfirmedAlertFactory(frequency="daily")
    weekly = ConfirmedAlertFactory(frequency="weekly")
    # Noon: "5 minutes later" must stay in the same day whenever the suite runs (at 23:57 it would
    # be tomorrow, when the daily alert is rightly due again).
    now = timezone.localtime().replace(hour=12, minute=0, second=0, microsecond=0)

    assert set(Alert.objects.due(now=now)) == {daily, weekly}
    send_due_alerts(now=now)
    assert not Alert.objects.due(now=now + timedelta(minutes=5)).exists()
    next_day = now + timedelta(days=1)
    assert list(Alert.objects.due(now=next_day)) == [daily]
    assert list(Alert.objects.due(now=now + timedelta(days=7))) == [daily, weekly]
    assert list(Alert.objects.due(now=next_day, frequency="weekly")) == []


def test_a_refused_address_stops_receiving_and_the_others_still_go(smtp_server):
    job("Fresh", 3)
    alerts = {
        address: ConfirmedAlertFactory(subscriber__email=address)
        for address in ("ada@example.com", "gone@example.com", "bea@example.com")
    }
    smtp_server.refuse["gone@example.com"] = "550 5.1.1 No such user"

    report = send_due_alerts()

    assert sorted(smtp_server.recipients) == ["ada@example.com", "bea@example.com"]
    assert report.sent == 2
    assert report.stopped == [("gone@example.com", "550 5.1.1 No such user")]
    gone = Subscriber.objects.get(email="gone@example.com")
    assert gone.stop_reason == StopReason.REFUSED and "550" in gone.stop_detail
    for address, alert in alerts.items():
        alert.refresh_from_db()
        assert (alert.last_sent_at is not None) == (address != "gone@example.com")
    # Nothing more is tried for the refused address, even when its server would take it now.
    smtp_server.refuse.clear()
    job("Fresher", 1)
    send_due_alerts(now=timezone.now() + timedelta(days=1))
    assert smtp_server.recipients["gone@example.com"] == 0


def test_a_temporary_refusal_keeps_the_mark_for_the_next_run(smtp_server):
    job("Fresh", 3)
    alert = ConfirmedAlertFactory(subscriber__email="busy@example.com")
    ConfirmedAlertFactory(subscriber__email="ada@example.com")
    smtp_server.refuse["busy@example.com"] = "451 4.2.1 Mailbox busy, try later"
    mark = alert.seen_until

    report = send_due_alerts()

    assert report.failed == [("busy@example.com", "451 4.2.1 Mailbox busy, try later")]
    assert list(smtp_server.recipients) == ["ada@example.com"]
    alert.refresh_from_db()
    assert (alert.seen_until, alert.checked_at) == (mark, None)
    assert not Subscriber.objects.get(email="busy@example.com").stopped_at
    smtp_server.refuse.clear()
    assert send_due_alerts().sent == 1  # the same day: it was not done for this period
    assert smtp_server.recipients["busy@example.com"] == 1


def test_an_unreachable_mail_server_stops_the_run_and_changes_nothing(settings, smtp_server):
    job("Fresh", 3)
    alert = ConfirmedAlertFactory()
    settings.EMAIL_PORT = 1  # nothing listens there

    report = send_due_alerts()

    assert report.stopped_early.startswith("cannot connect to the mail server")
    assert report.sent == 0
    alert.refresh_from_db()
    assert alert.checked_at is None and alert.last_sent_at is None


def test_one_click_unsubscribe_from_the_headers_works_with_a_bare_post(board, smtp_server):
    send_due_alerts()
    [mail] = smtp_server.received

    assert mail.message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert mail.message["Auto-Submitted"] == "auto-generated"
    url = mail.message["List-Unsubscribe"].strip().removeprefix("<").removesuffix(">")
    # What a mail client sends: no cookie, no CSRF token, just the one field.
    response = Client(enforce_csrf_checks=True).post(
        urlsplit(url).path,
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    assert not Alert.objects.exists()
    assert not Subscriber.objects.exists()  # its only alert: the address goes too


def test_a_search_whose_role_is_gone_sends_nothing(smtp_server):
    role = RoleFactory(slug="prompt-engineer")
    job("Prompts", 3, role=role)
    alert = ConfirmedAlertFactory(query="role=prompt-engineer")
    role.delete()

    report = send_due_alerts()

    assert (report.sent, report.broken_search) == (0, 1)
    alert.refresh_from_db()
    assert alert.checked_at is not None


def test_a_dry_run_says_what_would_go_and_sends_and_changes_nothing(board, smtp_server):
    stale = AlertFactory()
    stale.created_at = ago(days=8)
    stale.save()
    before = list(Alert.objects.order_by("pk").values())

    report = send_due_alerts(dry_run=True)

    assert report.previews == [("ada@example.com", 2)]
    assert report.unconfirmed_deleted == 1
    assert smtp_server.received == []
    assert list(Alert.objects.order_by("pk").values()) == before


def test_unconfirmed_alerts_are_deleted_after_seven_days_with_their_address(smtp_server):
    old = AlertFactory(subscriber__email="old@example.com")
    Alert.objects.filter(pk=old.pk).update(created_at=ago(days=7, minutes=1))
    recent = AlertFactory(subscriber__email="recent@example.com")
    kept_address = ConfirmedAlertFactory(subscriber__email="both@example.com")
    other = AlertFactory(subscriber=kept_address.subscriber, query="remote=remote")
    Alert.objects.filter(pk=other.pk).update(created_at=ago(days=9))

    report = send_due_alerts()

    assert report.unconfirmed_deleted == 2
    assert set(Alert.objects.all()) == {recent, kept_address}
    assert set(Subscriber.objects.values_list("email", flat=True)) == {
        "recent@example.com",
        "both@example.com",
    }
