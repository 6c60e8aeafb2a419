from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from alerts.models import Alert, AlertStatus, StopReason, Subscriber, Unsubscription
from alerts.services import (
    Outcome,
    alert_confirm,
    alert_delete,
    alert_set_frequency,
    alert_set_paused,
    alert_subscribe,
    subscriber_stop,
)
from tests.factories import AlertFactory, ConfirmedAlertFactory

pytestmark = pytest.mark.django_db


def test_subscribing_twice_to_one_search_gives_one_alert():
    first = alert_subscribe(email="Ada@Example.com", frequency="daily", query="q=x")
    again = alert_subscribe(email="ada@example.com", frequency="weekly", query="q=x")

    assert (first.outcome, again.outcome) == (Outcome.NEW, Outcome.UNCONFIRMED)
    assert again.alert == first.alert
    assert Alert.objects.get().frequency == "weekly"  # the latest request wins until confirmed


def test_a_confirmed_alert_is_not_changed_by_a_new_request():
    alert = ConfirmedAlertFactory(subscriber__email="ada@example.com", query="q=x")
    result = alert_subscribe(email="ada@example.com", frequency="weekly", query="q=x")
    assert result.outcome == Outcome.ALREADY
    alert.refresh_from_db()
    assert alert.frequency == "daily"


def test_the_eleventh_alert_of_an_address_is_not_made(settings):
    settings.ALERTS_MAX_PER_ADDRESS = 3
    outcomes = [
        alert_subscribe(email="ada@example.com", frequency="daily", query=f"q=w{n}").outcome
        for n in range(4)
    ]
    assert outcomes == [Outcome.NEW] * 3 + [Outcome.FULL]
    assert Alert.objects.count() == 3


def test_a_bad_address_is_refused_before_anything_is_written():
    with pytest.raises(ValidationError) as refused:
        alert_subscribe(email="not an address", frequency="daily", query="")
    assert [error.code for error in refused.value.error_dict["email"]] == ["invalid"]
    assert not Subscriber.objects.exists()


def test_confirming_starts_the_high_water_mark_at_the_confirmation():
    alert = AlertFactory()
    moment = timezone.now() - timedelta(minutes=3)
    confirmed = alert_confirm(alert=alert, now=moment)
    assert (confirmed.status, confirmed.confirmed_at, confirmed.seen_until) == (
        AlertStatus.ACTIVE,
        moment,
        moment,
    )
    assert alert_confirm(alert=alert).confirmed_at == moment  # again: nothing changes


def test_frequency_pause_and_resume_need_a_confirmed_alert():
    pending = AlertFactory()
    for change in (
        lambda: alert_set_frequency(alert=pending, frequency="weekly"),
        lambda: alert_set_paused(alert=pending, paused=True),
        lambda: alert_set_paused(alert=pending, paused=False),
    ):
        with pytest.raises(ValidationError, match="Confirm this alert first"):
            change()
    alert = ConfirmedAlertFactory()
    assert alert_set_paused(alert=alert, paused=True).status == AlertStatus.PAUSED
    assert alert_set_paused(alert=alert, paused=False).status == AlertStatus.ACTIVE
    assert alert_set_frequency(alert=alert, frequency="weekly").frequency == "weekly"
    with pytest.raises(ValueError):
        alert_set_frequency(alert=alert, frequency="hourly")


def test_deleting_the_last_alert_deletes_the_address_and_keeps_only_the_reason():
    alert = ConfirmedAlertFactory(subscriber__email="ada@example.com")
    other = ConfirmedAlertFactory(subscriber=alert.subscriber, query="q=x")

    assert alert_delete(alert=alert) is True
    assert Subscriber.objects.exists()
    assert alert_delete(alert=other, reason="too_many") is True
    assert not Subscriber.objects.exists()
    assert list(Unsubscription.objects.values_list("reason", flat=True)) == ["too_many"]
    assert alert_delete(alert=other) is False  # gone already


def test_an_unknown_reason_is_refused_and_nothing_is_deleted():
    alert = ConfirmedAlertFactory()
    with pytest.raises(ValidationError) as refused:
        alert_delete(alert=alert, reason="spite")
    assert [error.code for error in refused.value.error_dict["reason"]] == ["invalid_choice"]
    assert Alert.objects.filter(pk=alert.pk).exists()


def test_stopping_an_address():
    ConfirmedAlertFactory(subscriber__email="ada@example.com")
    assert subscriber_stop(email="ADA@example.com", reason=StopReason.BOUNCED, detail="x" * 400)
    subscriber = Subscriber.objects.get()
    assert subscriber.stop_reason == StopReason.BOUNCED and len(subscriber.stop_detail) == 300
    assert subscriber_stop(email="nobody@example.com", reason=StopReason.BOUNCED) is False
