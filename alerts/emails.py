"""The emails of job alerts: the answer to a subscribe request, the digest, a manage link."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.urls import reverse

from alerts.models import Alert, Subscriber
from alerts.search import describe
from alerts.services import Outcome, Subscription
from alerts.tokens import Purpose, make_token
from jobs.models import Job
from web.mail import absolute_url, build_email

SUBJECTS = {
    Outcome.NEW: "Confirm your job alert: {search}",
    Outcome.UNCONFIRMED: "Confirm your job alert: {search}",
    Outcome.ALREADY: "You already have this job alert: {search}",
    Outcome.FULL: "You have {max} job alerts already",
}


def link(alert: Alert, purpose: Purpose) -> str:
    name = {
        Purpose.CONFIRM: "alerts:confirm",
        Purpose.MANAGE: "alerts:manage",
        Purpose.UNSUBSCRIBE: "alerts:unsubscribe",
    }[purpose]
    return absolute_url(reverse(name, kwargs={"token": make_token(alert.pk, purpose)}))


def alert_context(alert: Alert, search: str | None = None) -> dict:
    return {
        "alert": alert,
        "search": search if search is not None else describe(alert.query),
        "search_url": absolute_url(alert.search_path),
        "manage_url": link(alert, Purpose.MANAGE),
        "unsubscribe_url": link(alert, Purpose.UNSUBSCRIBE),
    }


def subscription_email(subscription: Subscription, *, query: str) -> EmailMultiAlternatives:
    """Every subscribe request gets an email, so the page never says which case it was: a new
    alert or an unconfirmed one asks for confirmation, a known one offers its manage link, a full
    address says so."""
    alert = subscription.alert
    if alert is None:  # the address is full: manage the alerts it has
        alert = subscription.subscriber.alerts.order_by("pk").first()
    context = {
        **alert_context(alert),
        "outcome": subscription.outcome.value,
        "asked_search": describe(query),
        "max_alerts": settings.ALERTS_MAX_PER_ADDRESS,
        "unconfirmed_days": settings.ALERTS_UNCONFIRMED_DAYS,
    }
    if subscription.outcome in (Outcome.NEW, Outcome.UNCONFIRMED):
        context["confirm_url"] = link(alert, Purpose.CONFIRM)
    subject = SUBJECTS[subscription.outcome].format(
        search=context["asked_search"], max=settings.ALERTS_MAX_PER_ADDRESS
    )
    return build_email(
        to=subscription.subscriber.email,
        subject=subject,
        template="alerts/email/subscription",
        context=context,
    )


def digest_email(
    alert: Alert, jobs: list[Job], *, more: bool, search: str
) -> EmailMultiAlternatives:
    """The new jobs of one alert (`search`: the search in words). Mail clients show an unsubscribe
    button from the headers, which works with one POST and no cookie (RFC 8058)."""
    context = {
        **alert_context(alert, search),
        "jobs": [(job, absolute_url(job.get_absolute_url())) for job in jobs],
        "more": more,
    }
    count = f"{len(jobs)}{'+' if more else ''}"
    noun = "job" if len(jobs) == 1 and not more else "jobs"
    return build_email(
        to=alert.subscriber.email,
        subject=f"{count} new {noun}: {context['search']}",
        template="alerts/email/digest",
        context=context,
        headers={
            "List-Unsubscribe": f"<{context['unsubscribe_url']}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            # No out-of-office replies to a digest (RFC 3834).
            "Auto-Submitted": "auto-generated",
        },
    )


def manage_link_email(subscriber: Subscriber) -> EmailMultiAlternatives:
    alert = subscriber.alerts.order_by("pk").first()
    return build_email(
        to=subscriber.email,
        subject="Your job alerts",
        template="alerts/email/manage_link",
        context={**alert_context(alert), "count": subscriber.alerts.count()},
    )
