"""A job seeker turns a search into an alert, confirms it from the email and leaves from the
next one; the emails go through a real SMTP server."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from alerts.models import Alert, Subscriber, Unsubscription
from alerts.sending import SETTLE, send_due_alerts
from tests.factories import PublishedJobFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def url_in(text: str, kind: str) -> str:
    return re.search(rf"https?://\S+/alerts/{kind}/\S+/", text).group(0)


def test_a_seeker_subscribes_confirms_and_unsubscribes_from_the_emails(
    live_server, page, smtp_server, settings
):
    settings.SITE_URL = live_server.url
    PublishedJobFactory(title="Remote Data Engineer", remote_policy="remote")
    PublishedJobFactory(title="Onsite Analyst", remote_policy="onsite")

    page.goto(f"{live_server.url}/jobs/")
    page.get_by_role("checkbox", name=re.compile(r"^Remote")).check()
    page.get_by_role("button", name="Apply filters").click()
    expect(page.get_by_role("heading", name="1 job", exact=True)).to_be_visible()
    page.get_by_label("Get new jobs for this search by email").fill("ada@example.com")
    page.get_by_label("How often").select_option("weekly")
    page.get_by_role("button", name="Create alert").click()

    expect(page.get_by_role("heading", name="Check your inbox")).to_be_visible()
    expect(page.get_by_text("Workplace: Remote")).to_be_visible()
    [confirmation] = smtp_server.received
    page.goto(url_in(confirmation.body(), "confirm"))
    expect(page.get_by_role("heading", name="Confirm your job alert")).to_be_visible()
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_text("Your alert is on.")).to_be_visible()
    expect(page.get_by_role("heading", name="Your job alerts")).to_be_visible()

    alert = Alert.objects.get()
    assert alert.frequency == "weekly" and alert.query == "remote=remote"
    PublishedJobFactory(
        title="Remote ML Engineer",
        remote_policy="remote",
        published_at=alert.confirmed_at + timedelta(milliseconds=1),
    )
    send_due_alerts(now=timezone.now() + SETTLE + timedelta(seconds=1))
    digest = smtp_server.received[-1]
    assert "Remote ML Engineer" in digest.body() and "Remote Data Engineer" not in digest.body()

    page.goto(url_in(digest.body(), "unsubscribe"))
    expect(page.get_by_role("heading", name="Delete this job alert?")).to_be_visible()
    page.get_by_label("I found a job").check()
    page.get_by_role("button", name="Delete the alert").click()
    expect(page.get_by_role("heading", name="Alert deleted")).to_be_visible()
    assert not Alert.objects.exists() and not Subscriber.objects.exists()
    assert Unsubscription.objects.get().reason == "found_job"
