"""Writes to alerts: subscribe, confirm, change, pause, delete, stop an address, clear stale ones.

Each takes the address's row lock first, so two requests for one address (two tabs, a double
click, a retry) queue up: the cap of alerts per address holds, and an address is never deleted
while an alert is being added to it.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import Enum

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from alerts.models import (
    Alert,
    AlertStatus,
    Frequency,
    StopReason,
    Subscriber,
    Unsubscription,
    normalize_address,
)


class Outcome(Enum):
    NEW = "new"  # a new alert waits for its confirmation
    UNCONFIRMED = "unconfirmed"  # the same search was asked before and is still unconfirmed
    ALREADY = "already"  # the address already has this alert, confirmed
    FULL = "full"  # the address has as many alerts as it may


@dataclass(frozen=True)
class Subscription:
    """What a subscribe request came to; the answer on the page is the same for every outcome,
    and the email to the address says which it was."""

    outcome: Outcome
    subscriber: Subscriber
    alert: Alert | None


def _locked_subscriber(email: str) -> Subscriber:
    address = normalize_address(email)
    Subscriber(email=address).full_clean(validate_unique=False)
    subscriber, _ = Subscriber.objects.get_or_create(email=address)
    return Subscriber.objects.select_for_update().get(pk=subscriber.pk)


def _locked(alert: Alert) -> Alert:
    Subscriber.objects.select_for_update().filter(pk=alert.subscriber_id).first()
    return Alert.objects.select_for_update().select_related("subscriber").get(pk=alert.pk)


@transaction.atomic
def alert_subscribe(*, email: str, frequency: str, query: str) -> Subscription:
    """Ask for an alert on a search (`query`, already canonical: alerts.search.canonical_query)."""
    subscriber = _locked_subscriber(email)
    alert = subscriber.alerts.filter(query=query).first()
    if alert is not None:
        if alert.status != AlertStatus.PENDING:
            return Subscription(Outcome.ALREADY, subscriber, alert)
        alert.frequency = frequency
        alert.full_clean()
        alert.save(update_fields=["frequency"])
        return Subscription(Outcome.UNCONFIRMED, subscriber, alert)
    if subscriber.alerts.count() >= settings.ALERTS_MAX_PER_ADDRESS:
        return Subscription(Outcome.FULL, subscriber, None)
    alert = Alert(subscriber=subscriber, query=query, frequency=frequency)
    alert.full_clean()
    alert.save()
    return Subscription(Outcome.NEW, subscriber, alert)


@transaction.atomic
def alert_confirm(*, alert: Alert, now: datetime | None = None) -> Alert:
    """The address owner pressed "Confirm": the alert starts with the jobs published from now on.

    Confirming again changes nothing. A confirmation also shows the mailbox works again, so an
    address that was stopped (refused, bounced) receives again.
    """
    now = now or timezone.now()
    alert = _locked(alert)
    if alert.status != AlertStatus.PENDING:
        return alert
    alert.status = AlertStatus.ACTIVE
    alert.confirmed_at = alert.seen_until = now
    alert.full_clean()
    alert.save()
    subscriber = alert.subscriber
    if subscriber.stopped_at is not None:
        subscriber.stopped_at, subscriber.stop_reason, subscriber.stop_detail = None, "", ""
        subscriber.save(update_fields=["stopped_at", "stop_reason", "stop_detail"])
    return alert


def _confirmed(alert: Alert) -> None:
    if alert.status == AlertStatus.PENDING:
        raise ValidationError(
            "Confirm this alert first, with the link in the email we sent.", code="unconfirmed"
        )


@transaction.atomic
def alert_set_frequency(*, alert: Alert, frequency: str) -> Alert:
    alert = _locked(alert)
    _confirmed(alert)
    alert.frequency = Frequency(frequency)
    alert.full_clean()
    alert.save(update_fields=["frequency"])
    return alert


@transaction.atomic
def alert_set_paused(*, alert: Alert, paused: bool) -> Alert:
    """Paused, no emails; resumed, the jobs published meanwhile come in the first email after."""
    alert = _locked(alert)
    _confirmed(alert)
    alert.status = AlertStatus.PAUSED if paused else AlertStatus.ACTIVE
    alert.save(update_fields=["status"])
    return alert


@transaction.atomic
def alert_delete(*, alert: Alert, reason: str = "", comment: str = "") -> bool:
    """Delete an alert, and its address with it when it was the address's last alert.

    False when it was already gone (a second click, a mail client's retry): that is no error.
    """
    try:
        alert = _locked(alert)
    except Alert.DoesNotExist:
        return False
    if reason or comment:
        feedback = Unsubscription(reason=reason, comment=comment.strip(), frequency=alert.frequency)
        feedback.full_clean()
        feedback.save()
    subscriber = alert.subscriber
    alert.delete()
    if not subscriber.alerts.exists():
        subscriber.delete()
    return True


@transaction.atomic
def subscriber_stop(
    *, email: str, reason: StopReason, detail: str = "", now: datetime | None = None
) -> bool:
    """Send nothing more to an address its mail server refused or bounced; False if unknown."""
    subscriber = (
        Subscriber.objects.select_for_update().filter(email=normalize_address(email)).first()
    )
    if subscriber is None:
        return False
    subscriber.stopped_at = now or timezone.now()
    subscriber.stop_reason = reason
    subscriber.stop_detail = detail[:300]
    subscriber.full_clean()
    subscriber.save(update_fields=["stopped_at", "stop_reason", "stop_detail"])
    return True


@transaction.atomic
def alerts_delete_unconfirmed(*, now: datetime | None = None) -> int:
    """Delete alerts unconfirmed for ALERTS_UNCONFIRMED_DAYS, and addresses left with none."""
    cutoff = (now or timezone.now()) - timedelta(days=settings.ALERTS_UNCONFIRMED_DAYS)
    stale = Alert.objects.unconfirmed_since(cutoff)
    owners = set(stale.values_list("subscriber_id", flat=True))
    _, deleted = stale.delete()
    # Locked, as everywhere: an alert being added to one of these addresses right now keeps it.
    for subscriber in Subscriber.objects.select_for_update().filter(pk__in=owners):
        if not subscriber.alerts.exists():
            subscriber.delete()
    return deleted.get(Alert._meta.label, 0)
