"""Sending the due alerts: `manage.py send_job_alerts` runs this, from cron, on any number of
machines at once.

Each alert is claimed in a transaction of its own with SELECT ... FOR UPDATE SKIP LOCKED, sent,
and its high-water mark moved on before the transaction commits. So on PostgreSQL two senders
never take the same alert (the second skips the row the first holds, and finds it no longer due
once the first commits), a failed email leaves that alert's mark where it was for the next run,
and every alert already sent keeps its new mark whatever happens after. SQLite has no row locks:
there, run one sender at a time.

An email is handed to the mail server before the claim commits: a sender killed between the two
sends that alert again on the next run, rather than losing it.
"""

import smtplib
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import Enum
from functools import lru_cache

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import connection, transaction
from django.utils import timezone

from alerts.emails import Digest, digest, digest_email
from alerts.models import Alert, StopReason
from alerts.search import new_jobs
from alerts.services import alerts_delete_unconfirmed, subscriber_stop

# A job published in the last minute waits for the next email: the transaction that published it
# may not have committed yet, and once the mark has passed its time it would never be sent.
SETTLE = timedelta(minutes=1)


class MailServerDown(Exception):
    """The mail server cannot be reached or refuses our sender: every alert would fail alike."""


class SendFailed(Exception):
    """This email did not go; the alert is tried again on the next run."""

    def __init__(self, address: str, answer: str):
        super().__init__(f"{address}: {answer}")
        self.address, self.answer = address, answer


class AddressRefused(SendFailed):
    """The address's mail server refused it for good (a 5xx answer): send it nothing more."""


class Handled(Enum):
    SENT = "sent"
    NOTHING_NEW = "nothing_new"
    TAKEN = "taken"  # another sender had it, or sent it meanwhile
    BROKEN_SEARCH = "broken_search"


@dataclass
class SendReport:
    due: int = 0
    sent: int = 0
    jobs: int = 0
    nothing_new: int = 0
    taken: int = 0
    broken_search: int = 0
    unconfirmed_deleted: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)
    stopped: list[tuple[str, str]] = field(default_factory=list)
    # Why the run ended before the last alert, if it did.
    stopped_early: str = ""
    # --dry-run: (address, number of jobs) of each email that would go.
    previews: list[tuple[str, int]] = field(default_factory=list)


def server_answer(code: int, text: bytes | str) -> str:
    text = text.decode(errors="replace") if isinstance(text, bytes) else text
    return f"{code} {text}".strip()


class Mailer:
    """One connection to the mail server for a whole run, opened again if it breaks."""

    def __init__(self):
        self.connection = get_connection(fail_silently=False)
        self.is_open = False

    def _open(self):
        try:
            self.connection.open()
        except OSError as error:  # smtplib's errors are OSErrors too
            raise MailServerDown(f"cannot connect to the mail server: {error}") from error
        self.is_open = True

    def close(self):
        if self.is_open:
            try:
                self.connection.close()
            except OSError:
                pass  # it was broken already
            self.is_open = False

    def send(self, message: EmailMessage) -> None:
        if not self.is_open:
            self._open()
        message.connection = self.connection
        try:
            self._send(message)
        except (smtplib.SMTPServerDisconnected, ConnectionError, TimeoutError):
            # The connection broke (an idle timeout, a restart): once more on a new one.
            self.close()
            self._open()
            try:
                self._send(message)
            except (smtplib.SMTPServerDisconnected, ConnectionError, TimeoutError) as error:
                self.close()
                raise SendFailed(message.to[0], f"the connection broke twice: {error}") from error

    def _send(self, message: EmailMessage) -> None:
        address = message.to[0]
        try:
            message.send()
        except smtplib.SMTPRecipientsRefused as error:
            code, text = next(iter(error.recipients.values()))
            if code >= 500:
                raise AddressRefused(address, server_answer(code, text)) from error
            raise SendFailed(address, server_answer(code, text)) from error
        except smtplib.SMTPSenderRefused as error:
            raise MailServerDown(
                f"the mail server refuses the sender {error.sender}: "
                + server_answer(error.smtp_code, error.smtp_error)
            ) from error
        except smtplib.SMTPResponseException as error:
            raise SendFailed(address, server_answer(error.smtp_code, error.smtp_error)) from error


class Digests:
    """The digests of one run, by search and mark. Alerts sent by the same cron run share their
    mark, and many share their search, so most digests are found, and rendered, once a run. One
    is kept a minute at most, so a job that ends during a long run soon leaves its emails."""

    def __init__(self, *, until: datetime):
        self.until = until
        self._cached = lru_cache(maxsize=512)(self._find)

    def for_search(self, query: str, after: datetime) -> Digest | None:
        return self._cached(query, after, int(time.monotonic() // 60))

    def _find(self, query: str, after: datetime, minute: int) -> Digest | None:
        found = new_jobs(query, after=after, until=self.until, limit=settings.ALERTS_DIGEST_SIZE)
        return None if found is None else digest(found)


def _handle(
    alert_id: int, *, now: datetime, frequency: str | None, mailer: Mailer, digests: Digests
) -> tuple[Handled, int]:
    """Claim one alert, send its new jobs if any, move its mark on. Returns (Handled, jobs)."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            # No wait for each mark's flush to disk: a mark lost to a database crash in the
            # moment after its commit only sends that alert again, as a killed sender would.
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL synchronous_commit TO OFF")
        alert = (
            Alert.objects.due(now=now, frequency=frequency)
            .select_for_update(skip_locked=True, of=("self",))
            .select_related("subscriber")
            .filter(pk=alert_id)
            .first()
        )
        if alert is None:
            return Handled.TAKEN, 0
        content = digests.for_search(alert.query, alert.seen_until)
        alert.checked_at = now
        if content is None:
            alert.save(update_fields=["checked_at"])
            return Handled.BROKEN_SEARCH, 0
        if content.count:
            mailer.send(digest_email(alert, content))
            alert.last_sent_at = now
        alert.seen_until = max(alert.seen_until, digests.until)
        alert.save(update_fields=["checked_at", "seen_until", "last_sent_at"])
        return (Handled.SENT if content.count else Handled.NOTHING_NEW), content.count


def _preview(alert_id: int, *, digests: Digests, report: SendReport) -> None:
    alert = Alert.objects.select_related("subscriber").get(pk=alert_id)
    content = digests.for_search(alert.query, alert.seen_until)
    if content is None:
        report.broken_search += 1
    elif content.count:
        report.sent += 1
        report.jobs += content.count
        report.previews.append((alert.subscriber.email, content.count))
    else:
        report.nothing_new += 1


def send_due_alerts(
    *,
    frequency: str | None = None,
    dry_run: bool = False,
    now: datetime | None = None,
    progress: Callable[[Iterable, int], Iterable] = lambda items, total: items,
) -> SendReport:
    """Send every due alert (of one frequency, or both); a dry run sends and changes nothing."""
    now = now or timezone.now()
    report = SendReport()
    if dry_run:
        stale = now - timedelta(days=settings.ALERTS_UNCONFIRMED_DAYS)
        report.unconfirmed_deleted = Alert.objects.unconfirmed_since(stale).count()
    else:
        report.unconfirmed_deleted = alerts_delete_unconfirmed(now=now)
    due = list(
        Alert.objects.due(now=now, frequency=frequency).order_by("pk").values_list("pk", flat=True)
    )
    report.due = len(due)
    digests = Digests(until=now - SETTLE)
    if dry_run:
        for alert_id in progress(due, len(due)):
            _preview(alert_id, digests=digests, report=report)
        return report
    mailer = Mailer()
    try:
        for alert_id in progress(due, len(due)):
            _send_one(
                alert_id,
                now=now,
                frequency=frequency,
                report=report,
                mailer=mailer,
                digests=digests,
            )
    except MailServerDown as error:
        report.stopped_early = str(error)
    finally:
        mailer.close()
    return report


def _send_one(alert_id, *, now, frequency, report: SendReport, **tools) -> None:
    """One alert; a failure is the alert's own (its transaction rolled back), the run goes on."""
    try:
        handled, jobs = _handle(alert_id, now=now, frequency=frequency, **tools)
    except AddressRefused as refused:
        subscriber_stop(
            email=refused.address, reason=StopReason.REFUSED, detail=refused.answer, now=now
        )
        report.stopped.append((refused.address, refused.answer))
        return
    except SendFailed as failed:
        report.failed.append((failed.address, failed.answer))
        return
    if handled is Handled.SENT:
        report.sent += 1
        report.jobs += jobs
    elif handled is Handled.NOTHING_NEW:
        report.nothing_new += 1
    elif handled is Handled.TAKEN:
        report.taken += 1
    else:
        report.broken_search += 1
