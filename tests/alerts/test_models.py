from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import IntegrityError, transaction

from alerts.models import Alert, AlertStatus, Subscriber, normalize_address, period_start
from tests.factories import AlertFactory, SubscriberFactory

pytestmark = pytest.mark.django_db


def test_addresses_have_one_spelling():
    assert normalize_address("  Ada.Lovelace@Example.COM ") == "ada.lovelace@example.com"


@pytest.mark.parametrize(
    ("frequency", "now", "start"),
    [
        ("daily", "2026-03-10 23:59", "2026-03-10 00:00"),
        ("daily", "2026-03-10 00:00", "2026-03-10 00:00"),
        ("weekly", "2026-03-10 07:00", "2026-03-04 00:00"),
    ],
)
def test_a_period_starts_at_midnight(settings, frequency, now, start):
    zone = ZoneInfo("UTC")
    moment = datetime.fromisoformat(now).replace(tzinfo=zone)
    assert period_start(frequency, moment) == datetime.fromisoformat(start).replace(tzinfo=zone)


def test_the_database_refuses_what_the_rules_refuse():
    subscriber = SubscriberFactory()
    for bad in (
        lambda: Subscriber.objects.create(email="Upper@Example.com"),
        lambda: Subscriber.objects.create(email="x@example.com", stop_reason="refused"),
        lambda: Alert.objects.create(subscriber=subscriber, status=AlertStatus.ACTIVE),
        lambda: Alert.objects.create(subscriber=subscriber, frequency="hourly"),
        lambda: Alert.objects.create(subscriber=subscriber, status="gone"),
    ):
        with pytest.raises(IntegrityError), transaction.atomic():
            bad()
    AlertFactory(subscriber=subscriber, query="q=x")
    with pytest.raises(IntegrityError), transaction.atomic():
        Alert.objects.create(subscriber=subscriber, query="q=x")


def test_an_alert_links_to_its_search():
    assert AlertFactory(query="remote=remote").search_path == "/jobs/?remote=remote"
    assert AlertFactory(query="").search_path == "/jobs/"
    assert AlertFactory().confirmed_at is None
