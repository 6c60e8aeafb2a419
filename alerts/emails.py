"""The emails of job alerts: the answer to a subscribe request, the digest, a manage link."""

from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe

from alerts.models import Alert, Subscriber
from alerts.search import NewJobs, describe
from alerts.services import Outcome, Subscription
from alerts.tokens import Purpose, make_token
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


@dataclass(frozen=True)
class Digest:
    """The part of a digest that is the same for every alert with the same search and mark: the
    jobs, rendered once however many alerts send them."""

    count: int
    more: bool
    search: str
    jobs_text: str
    jobs_html: str


def digest(found: NewJobs) -> Digest:
    jobs = [(job, absolute_url(job.get_absolute_url())) for job in found.jobs]
    return Digest(
        count=len(jobs),
        more=found.more,
        search=found.search,
        jobs_text=render_to_string("alerts/email/_jobs.txt", {"jobs": jobs}),
        jobs_html=render_to_string("alerts/email/_jobs.html", {"jobs": jobs}),
    )


def digest_email(alert: Alert, content: Digest) -> EmailMultiAlternatives:
    """The new jobs of one alert. Mail clients show an unsubscribe button from the headers, which
    works with one POST and no cookie (RFC 8058)."""
    context = {
        **alert_context(alert, content.search),
        "count": content.count,
        "more": content.more,
        "jobs_text": content.jobs_text,
        "jobs_html": mark_safe(content.jobs_html),  # rendered, and escaped, by _jobs.html
    }
    count = f"{content.count}{'+' if content.more else ''}"
    noun = "job" if content.count == 1 and not content.more else "jobs"
    return build_email(
        to=alert.subscriber.email,
        subject=f"{count} new {noun}: {content.search}",
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
