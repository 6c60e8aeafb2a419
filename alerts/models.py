"""Job alerts: an email address, the searches it asked to hear about, and why people left.

An alert is a /jobs/ search kept as its query string. It sends nothing until its address confirms
it, then at most one email a day or a week with the jobs that went on the board since its last
one: `seen_until` is its high-water mark, the publication time up to which it has looked.
"""

from datetime import datetime, timedelta

from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone

from web.constraints import one_of
from web.validators import no_control_characters, no_control_characters_but_line_breaks

# Long enough for every filter of /jobs/ at once; a search string is at most 200 characters.
QUERY_LENGTH = 1000


class Frequency(models.TextChoices):
    DAILY = "daily", "Daily"
    WEEKLY = "weekly", "Weekly"

    @property
    def days(self) -> int:
        return 7 if self == Frequency.WEEKLY else 1


class AlertStatus(models.TextChoices):
    PENDING = "pending", "Waiting for confirmation"
    ACTIVE = "active", "Active"
    PAUSED = "paused", "Paused"


class StopReason(models.TextChoices):
    REFUSED = "refused", "Refused by its mail server"
    BOUNCED = "bounced", "Bounced"


class LeavingReason(models.TextChoices):
    TOO_MANY = "too_many", "Too many emails"
    NOT_RELEVANT = "not_relevant", "The jobs are not what I look for"
    FOUND_JOB = "found_job", "I found a job"
    OTHER = "other", "Another reason"


def normalize_address(email: str) -> str:
    """One spelling per mailbox: mail servers ignore case, and so do the caps and rate limits."""
    return email.strip().lower()


def period_start(frequency: str, now: datetime) -> datetime:
    """The start of the period `now` is in: today, or the 7 days ending today, in the site's time
    zone. An alert checked since then is done for the period, whatever time cron runs at."""
    today = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    return today - timedelta(days=Frequency(frequency).days - 1)


class SubscriberQuerySet(models.QuerySet):
    def receiving(self):
        return self.filter(stopped_at__isnull=True)


class Subscriber(models.Model):
    """An email address with alerts; it goes when its last alert does."""

    email = models.EmailField(unique=True, validators=[no_control_characters])
    created_at = models.DateTimeField(auto_now_add=True)
    # Set when the address's mail server refuses it or a bounce comes back: nothing more is sent.
    stopped_at = models.DateTimeField(null=True, blank=True)
    stop_reason = models.CharField(max_length=7, choices=StopReason.choices, blank=True)
    stop_detail = models.CharField(max_length=300, blank=True)

    objects = SubscriberQuerySet.as_manager()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(email=Lower("email")),
                name="alerts_subscriber_email_lowercase",
                violation_error_message="Email addresses are stored in lower case.",
            ),
            models.CheckConstraint(
                condition=Q(stopped_at__isnull=True, stop_reason="")
                | (Q(stopped_at__isnull=False) & Q(stop_reason__in=StopReason.values)),
                name="alerts_subscriber_stop_has_reason",
                violation_error_message="A stopped address needs a reason, and only it has one.",
            ),
        ]

    def __str__(self):
        return self.email


class AlertQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(status__in=[AlertStatus.ACTIVE, AlertStatus.PAUSED])

    def unconfirmed_since(self, moment: datetime):
        """Alerts still waiting for their confirmation, made before `moment`."""
        return self.filter(status=AlertStatus.PENDING, created_at__lt=moment)

    def due(self, *, now: datetime, frequency: str | None = None):
        """Active alerts of a receiving address that have not been looked at this period."""
        frequencies = [frequency] if frequency else Frequency.values
        not_yet = Q()
        for name in frequencies:
            not_yet |= Q(frequency=name) & (
                Q(checked_at__isnull=True) | Q(checked_at__lt=period_start(name, now))
            )
        return self.filter(not_yet, status=AlertStatus.ACTIVE, subscriber__stopped_at__isnull=True)


class Alert(models.Model):
    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="alerts")
    # The /jobs/ search as a query string, in one canonical spelling ("" is every job).
    query = models.CharField(max_length=QUERY_LENGTH, blank=True)
    frequency = models.CharField(max_length=6, choices=Frequency.choices, default=Frequency.DAILY)
    status = models.CharField(
        max_length=7, choices=AlertStatus.choices, default=AlertStatus.PENDING
    )
    created_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    # The high-water mark: jobs published up to here have been looked at for this alert.
    seen_until = models.DateTimeField(null=True, blank=True)
    # When the sender last looked at this alert (an email sent, or nothing new): once a period.
    checked_at = models.DateTimeField(null=True, blank=True)
    last_sent_at = models.DateTimeField(null=True, blank=True)

    objects = AlertQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(
                fields=["frequency", "checked_at"],
                condition=Q(status="active"),
                name="alerts_alert_due",
            ),
            models.Index(
                fields=["created_at"], condition=Q(status="pending"), name="alerts_alert_pending"
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["subscriber", "query"],
                name="alerts_alert_one_per_search",
                violation_error_message="This address already has an alert for this search.",
            ),
            one_of("alerts_alert", "status", AlertStatus, "Unknown alert status."),
            one_of("alerts_alert", "frequency", Frequency, "Choose daily or weekly."),
            models.CheckConstraint(
                condition=Q(status=AlertStatus.PENDING)
                | Q(confirmed_at__isnull=False, seen_until__isnull=False),
                name="alerts_alert_confirmed_has_dates",
                violation_error_message="A confirmed alert needs its confirmation time.",
            ),
        ]

    def __str__(self):
        return f"{self.get_frequency_display()} alert for {self.subscriber}: ?{self.query}"

    @property
    def search_path(self) -> str:
        """The search on the board, as a path."""
        return reverse("jobs:list") + (f"?{self.query}" if self.query else "")

    @property
    def is_confirmed(self) -> bool:
        return self.status != AlertStatus.PENDING


class Unsubscription(models.Model):
    """Why someone deleted an alert, when they said: no address is kept with it."""

    reason = models.CharField(max_length=12, choices=LeavingReason.choices, blank=True)
    comment = models.TextField(blank=True, validators=[no_control_characters_but_line_breaks])
    frequency = models.CharField(max_length=6, choices=Frequency.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            one_of("alerts_unsubscription", "reason", LeavingReason, "Unknown reason.", blank=True),
        ]

    def __str__(self):
        return self.get_reason_display() or "No reason given"
