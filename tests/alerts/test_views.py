"""The alert pages as a job seeker meets them, with a real SMTP server taking the emails."""

import re
import time
from urllib.parse import urlsplit

import pytest
from django.core import signing
from django.urls import reverse
from django.utils import timezone

from alerts.models import Alert, AlertStatus, LeavingReason, Subscriber, Unsubscription
from alerts.tokens import Purpose, make_token
from tests.factories import AlertFactory, ConfirmedAlertFactory, SubscriberFactory

pytestmark = pytest.mark.django_db

SUBSCRIBE = "/alerts/"


def link_in(mail, kind: str) -> str:
    """The path of the first /alerts/<kind>/ link in an email's text."""
    url = re.search(rf"https?://\S+/alerts/{kind}/\S+/", mail.body()).group(0)
    return urlsplit(url).path


def subscribe(client, email="ada@example.com", query="remote=remote", frequency="daily", ip=None):
    extra = {"REMOTE_ADDR": ip} if ip else {}
    return client.post(SUBSCRIBE, {"email": email, "frequency": frequency, "query": query}, **extra)


def token_path(name: str, alert, purpose: Purpose) -> str:
    return reverse(f"alerts:{name}", kwargs={"token": make_token(alert.pk, purpose)})


def state(alert):
    """Everything about an alert and its address, to show that a refused request changed nothing."""
    row = Alert.objects.filter(pk=alert.pk).values().first()
    return row, list(Subscriber.objects.values()), Unsubscription.objects.count()


# --- Subscribing ------------------------------------------------------------------------------


def test_the_job_list_offers_its_search_as_an_alert(client):
    response = client.get("/jobs/?remote=remote&experience_level=SE")
    form = re.search(r'<form class="alert-form".*?</form>', response.text, re.S).group(0)
    assert 'action="/alerts/"' in form
    assert 'name="query" value="remote=remote&amp;experience_level=SE"' in form
    assert 'type="email"' in form and 'name="frequency"' in form


def test_subscribing_sends_a_confirmation_and_nothing_else(client, smtp_server):
    response = subscribe(client, email=" Ada@Example.com ", query="?remote=remote&page=2")

    assert response.status_code == 200
    assert "Check your inbox" in response.text
    alert = Alert.objects.get()
    assert (alert.subscriber.email, alert.query, alert.status) == (
        "ada@example.com",
        "remote=remote",
        AlertStatus.PENDING,
    )
    [mail] = smtp_server.received
    assert mail.rcpt_tos == ["ada@example.com"]
    assert mail.subject == "Confirm your job alert: Workplace: Remote"
    assert "Nothing is sent until you confirm" in mail.body()
    assert link_in(mail, "confirm") in mail.body("html")
    assert "List-Unsubscribe" not in mail.message  # no list yet: nothing was confirmed


def test_one_search_is_one_alert_however_its_parameters_are_spelled(client, smtp_server):
    subscribe(client, query="remote=remote&remote=hybrid&ordering=newest&utm_source=x&role=")
    subscribe(client, query="remote=hybrid&remote=remote&page=4", frequency="weekly")

    alert = Alert.objects.get()
    assert (alert.query, alert.frequency) == ("remote=hybrid&remote=remote", "weekly")
    assert [mail.subject for mail in smtp_server.received] == [
        "Confirm your job alert: Workplace: Hybrid, Workplace: Remote"
    ] * 2


def test_a_search_jobs_refuses_is_refused_with_the_same_message(client, smtp_server):
    expected = "Experience level: Select a valid choice. XX is not one of the available choices."
    assert expected in client.get("/jobs/?experience_level=XX").text

    response = subscribe(client, query="remote=remote&experience_level=XX")
    page = client.get("/alerts/?remote=remote&experience_level=XX")

    assert response.status_code == page.status_code == 400
    assert expected in response.text and expected in page.text
    assert not Alert.objects.exists() and not Subscriber.objects.exists()
    assert smtp_server.received == []


def test_a_bad_address_or_frequency_is_refused_and_nothing_is_kept(client, smtp_server):
    for email, frequency in (("not-an-address", "daily"), ("ada@example.com", "hourly")):
        response = subscribe(client, email=email, frequency=frequency)
        assert response.status_code == 400
    assert "Enter a valid email address." in subscribe(client, email="nope").text
    assert not Subscriber.objects.exists()
    assert smtp_server.received == []


def test_the_answer_never_says_whether_an_address_is_known(client, smtp_server):
    first = subscribe(client).text  # a new address
    Alert.objects.update(
        status=AlertStatus.ACTIVE, confirmed_at=timezone.now(), seen_until=timezone.now()
    )
    again = subscribe(client).text  # the same, already confirmed
    for n in range(9):
        AlertFactory(subscriber=Subscriber.objects.get(), query=f"q=word{n}")
    full = subscribe(client, query="q=eleventh").text  # an address at its cap
    fresh = subscribe(client, email="bea@example.com", query="q=eleventh").text

    assert first == again
    assert full == fresh.replace("bea@example.com", "ada@example.com")
    # The emails tell the owner of the address what happened.
    assert [mail.subject for mail in smtp_server.received] == [
        "Confirm your job alert: Workplace: Remote",
        "You already have this job alert: Workplace: Remote",
        "You have 10 job alerts already",
        "Confirm your job alert: Search: eleventh",
    ]
    assert Alert.objects.filter(subscriber__email="ada@example.com").count() == 10


def test_an_address_has_at_most_ten_alerts(client, smtp_server, settings):
    subscriber = SubscriberFactory(email="ada@example.com")
    for n in range(10):
        ConfirmedAlertFactory(subscriber=subscriber, query=f"q=word{n}")

    subscribe(client, query="q=another")

    assert subscriber.alerts.count() == 10
    [mail] = smtp_server.received
    assert "Delete one you no longer need" in mail.body()
    assert link_in(mail, "manage")


def test_subscribing_is_rate_limited_per_client_address(client, smtp_server, settings):
    settings.ALERTS_RATE_PER_IP = "3/h"
    for n in range(3):
        assert subscribe(client, email=f"p{n}@example.com", ip="203.0.113.7").status_code == 200

    response = subscribe(client, email="p3@example.com", ip="203.0.113.7")

    assert response.status_code == 429
    assert "Too many requests" in response.text
    assert 0 < int(response["Retry-After"]) <= 3600
    assert not Subscriber.objects.filter(email="p3@example.com").exists()
    assert len(smtp_server.received) == 3
    assert subscribe(client, email="p3@example.com", ip="198.51.100.1").status_code == 200


def test_subscribing_is_rate_limited_per_email_address(client, smtp_server, settings):
    settings.ALERTS_RATE_PER_ADDRESS = "2/h"
    for n, ip in enumerate(("203.0.113.1", "203.0.113.2")):
        response = subscribe(client, email="ADA@example.com", query=f"q=w{n}", ip=ip)
        assert response.status_code == 200

    response = subscribe(client, email="ada@example.com", query="q=w2", ip="203.0.113.3")

    assert response.status_code == 429
    assert Alert.objects.count() == 2 and len(smtp_server.received) == 2
    assert subscribe(client, email="bea@example.com", ip="203.0.113.3").status_code == 200


def test_a_mail_server_that_is_down_gets_a_clear_503_and_a_retry_works(
    client, smtp_server, settings
):
    port, settings.EMAIL_PORT = settings.EMAIL_PORT, 1

    response = subscribe(client)

    assert response.status_code == 503
    assert "We could not send the email just now" in response.text
    settings.EMAIL_PORT = port
    assert subscribe(client).status_code == 200
    assert Alert.objects.count() == 1 and len(smtp_server.received) == 1


# --- Confirming -------------------------------------------------------------------------------


def test_opening_the_link_does_not_confirm_the_button_does(client, smtp_server):
    subscribe(client)
    confirm = link_in(smtp_server.received[0], "confirm")

    page = client.get(confirm)
    assert page.status_code == 200
    assert "Confirm your job alert" in page.text and ">Confirm</button>" in page.text
    assert Alert.objects.get().status == AlertStatus.PENDING  # a mail scanner's visit

    response = client.post(confirm)
    alert = Alert.objects.get()
    assert alert.status == AlertStatus.ACTIVE and alert.seen_until == alert.confirmed_at
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert "Your alert is on." in page.text
    assert client.post(confirm).status_code == 302  # twice is no error
    assert Alert.objects.get().confirmed_at == alert.confirmed_at


def test_confirming_lets_a_stopped_address_receive_again(client, smtp_server):
    alert = AlertFactory(subscriber__stopped_at=timezone.now(), subscriber__stop_reason="refused")
    client.post(token_path("confirm", alert, Purpose.CONFIRM))
    assert Subscriber.objects.get().stopped_at is None


def forged(path: str) -> str:
    """The same link with one character of its signature changed."""
    head, signature = path.rstrip("/").rsplit(":", 1)
    swapped = ("A" if signature[0] != "A" else "B") + signature[1:]
    return f"{head}:{swapped}/"


def old_token(alert, purpose: Purpose, days: int) -> str:
    class EarlierSigner(signing.TimestampSigner):
        def timestamp(self):
            return signing.b62_encode(int(time.time()) - days * 86400)

    return EarlierSigner(salt=purpose.value).sign_object(alert.pk)


@pytest.mark.parametrize(
    ("name", "purpose", "method"),
    [
        ("confirm", Purpose.CONFIRM, "post"),
        ("manage", Purpose.MANAGE, "post"),
        ("unsubscribe", Purpose.UNSUBSCRIBE, "post"),
        ("confirm", Purpose.CONFIRM, "get"),
        ("manage", Purpose.MANAGE, "get"),
    ],
)
def test_a_forged_link_gets_a_clear_page_and_changes_nothing(client, name, purpose, method):
    alert = AlertFactory() if purpose is Purpose.CONFIRM else ConfirmedAlertFactory()
    before = state(alert)

    response = getattr(client, method)(
        forged(token_path(name, alert, purpose)), {"action": "pause", "reason": "other"}
    )

    assert response.status_code == 400
    assert "This link is not valid" in response.text
    assert state(alert) == before


def test_a_link_for_one_purpose_does_not_work_for_another(client):
    alert = AlertFactory()
    before = state(alert)
    path = reverse("alerts:unsubscribe", kwargs={"token": make_token(alert.pk, Purpose.CONFIRM)})
    assert client.post(path).status_code == 400
    assert state(alert) == before


@pytest.mark.parametrize(
    ("name", "purpose", "days"),
    [("confirm", Purpose.CONFIRM, 8), ("manage", Purpose.MANAGE, 91)],
)
def test_an_expired_link_gets_a_clear_page_and_changes_nothing(client, name, purpose, days):
    alert = AlertFactory() if purpose is Purpose.CONFIRM else ConfirmedAlertFactory()
    before = state(alert)
    path = reverse(f"alerts:{name}", kwargs={"token": old_token(alert, purpose, days)})

    response = client.post(path, {"action": "pause"})

    assert response.status_code == 410
    assert "This link has expired" in response.text and "Nothing has changed" in response.text
    assert state(alert) == before
    # An unsubscribe link of more than a year ago still works: a mail client's button must.
    old = old_token(alert, Purpose.UNSUBSCRIBE, 400)
    path = reverse("alerts:unsubscribe", kwargs={"token": old})
    assert client.post(path).status_code == 200
    assert not Alert.objects.exists()


# --- Managing and leaving ---------------------------------------------------------------------


def test_the_manage_page_lists_every_alert_of_the_address(client):
    alert = ConfirmedAlertFactory(subscriber__email="ada@example.com", query="remote=remote")
    ConfirmedAlertFactory(subscriber=alert.subscriber, query="q=python", frequency="weekly")
    AlertFactory(subscriber=alert.subscriber, query="country=DE")
    ConfirmedAlertFactory(subscriber__email="bea@example.com", query="q=secret")

    page = client.get(token_path("manage", alert, Purpose.MANAGE))

    assert page.status_code == 200
    assert "ada@example.com" in page.text
    for search in ("Workplace: Remote", "Search: python", "Country: Germany"):
        assert search in page.text
    assert "Waiting for confirmation" in page.text
    assert "secret" not in page.text and "bea@" not in page.text
    assert '<meta name="robots" content="noindex, nofollow">' in page.text


def test_frequency_pause_and_resume_from_the_manage_page(client):
    alert = ConfirmedAlertFactory()
    path = token_path("manage", alert, Purpose.MANAGE)

    assert client.post(path, {"action": "frequency", "frequency": "weekly"}).status_code == 302
    alert.refresh_from_db()
    assert alert.frequency == "weekly"
    client.post(path, {"action": "pause"})
    alert.refresh_from_db()
    assert alert.status == AlertStatus.PAUSED
    assert "Paused" in client.get(path).text
    client.post(path, {"action": "resume"})
    alert.refresh_from_db()
    assert alert.status == AlertStatus.ACTIVE


@pytest.mark.parametrize(
    "data",
    [
        {"action": "frequency", "frequency": "hourly"},
        {"action": "resume"},  # it is not paused
        {"action": "explode"},
        {},
    ],
)
def test_a_manage_request_that_cannot_be_done_changes_nothing(client, data):
    alert = ConfirmedAlertFactory()
    before = state(alert)
    response = client.post(token_path("manage", alert, Purpose.MANAGE), data)
    assert response.status_code == 400
    assert state(alert) == before


def test_an_unconfirmed_alert_cannot_be_changed_from_a_manage_link(client):
    alert = AlertFactory()
    before = state(alert)
    response = client.post(
        token_path("manage", alert, Purpose.MANAGE), {"action": "frequency", "frequency": "weekly"}
    )
    assert response.status_code == 400
    assert "Confirm this alert first" in response.text
    assert state(alert) == before


def test_deleting_with_a_reason_keeps_the_reason_and_not_the_address(client):
    alert = ConfirmedAlertFactory(subscriber__email="ada@example.com", frequency="weekly")
    path = token_path("unsubscribe", alert, Purpose.UNSUBSCRIBE)
    page = client.get(path)
    assert "Delete this job alert?" in page.text and "I found a job" in page.text
    assert Alert.objects.exists()

    response = client.post(path, {"reason": "found_job", "comment": "  Thanks!  "})

    assert response.status_code == 200
    assert "This address had no other alert, so we have deleted it too." in response.text
    assert not Subscriber.objects.exists()
    feedback = Unsubscription.objects.get()
    assert (feedback.reason, feedback.comment, feedback.frequency) == (
        LeavingReason.FOUND_JOB,
        "Thanks!",
        "weekly",
    )
    again = client.post(path)
    assert again.status_code == 200 and "deleted already" in again.text


def test_deleting_one_alert_keeps_the_address_and_its_others(client):
    alert = ConfirmedAlertFactory(subscriber__email="ada@example.com")
    other = ConfirmedAlertFactory(subscriber=alert.subscriber, query="q=python")

    response = client.post(token_path("unsubscribe", alert, Purpose.UNSUBSCRIBE))

    assert list(Alert.objects.all()) == [other]
    assert Subscriber.objects.filter(email="ada@example.com").exists()
    assert not Unsubscription.objects.exists()  # no reason given, nothing kept
    assert "Your other job alerts" in response.text


def test_a_reason_too_long_is_refused_and_nothing_is_deleted(client):
    alert = ConfirmedAlertFactory()
    before = state(alert)
    response = client.post(
        token_path("unsubscribe", alert, Purpose.UNSUBSCRIBE), {"comment": "x" * 1001}
    )
    assert response.status_code == 400
    assert state(alert) == before


def test_a_manage_link_by_email_answers_alike_for_known_and_unknown_addresses(client, smtp_server):
    ConfirmedAlertFactory(subscriber__email="ada@example.com", status=AlertStatus.PAUSED)

    known = client.post("/alerts/manage/", {"email": "ADA@example.com"})
    unknown = client.post("/alerts/manage/", {"email": "bea@example.com"})

    assert known.status_code == unknown.status_code == 200
    assert known.text == unknown.text.replace("bea@example.com", "ada@example.com")
    [mail] = smtp_server.received
    assert mail.rcpt_tos == ["ada@example.com"]
    assert "Paused" in client.get(link_in(mail, "manage")).text


def test_a_subscriber_cannot_reach_another_address_by_changing_the_id():
    alert = ConfirmedAlertFactory()
    token = make_token(alert.pk, Purpose.MANAGE)
    value, timestamp, signature = token.split(":")
    other = signing.dumps(alert.pk + 1, salt="another-salt").split(":")[0]
    assert other != value
    with pytest.raises(signing.BadSignature):
        signing.loads(f"{other}:{timestamp}:{signature}", salt=Purpose.MANAGE.value)
