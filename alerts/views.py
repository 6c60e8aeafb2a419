"""Pages of job alerts: subscribe, confirm, manage, unsubscribe; all without an account.

Answers never tell whether an address is known: a subscribe request always gets "check your
inbox", and the email says what happened.
"""

import logging

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django_ratelimit.core import get_usage

from alerts import emails, services
from alerts.forms import FrequencyForm, LeaveForm, ManageLinkForm, SubscribeForm
from alerts.models import Alert, AlertStatus, Subscriber, normalize_address
from alerts.search import canonical_query, describe
from alerts.tokens import LinkExpired, LinkInvalid, Purpose, make_token, read_token

logger = logging.getLogger(__name__)


def wait_seconds(request, *, address: str = "") -> int:
    """Seconds until this client (or, given an address, this address) may ask again; 0: go
    ahead. Each call counts one request."""
    if address:
        group, key, rate = "alerts:address", lambda *_: address, settings.ALERTS_RATE_PER_ADDRESS
    else:
        group, key, rate = "alerts:ip", "ip", settings.ALERTS_RATE_PER_IP
    usage = get_usage(request, group=group, key=key, rate=rate, increment=True)
    if usage is None or not usage["should_limit"]:
        return 0
    return max(usage["time_left"], 1)


def too_many_requests(request, seconds: int) -> HttpResponse:
    response = render(
        request,
        "alerts/too_many_requests.html",
        {"minutes": max(1, round(seconds / 60))},
        status=429,
    )
    response["Retry-After"] = str(seconds)
    return response


def send_or_answer_503(request, message: EmailMessage) -> HttpResponse | None:
    """Send an email now; if the mail server cannot take it, a page that says so (503)."""
    try:
        message.send()
    except OSError:  # smtplib's errors are OSErrors too
        logger.exception("The mail server did not take an alerts email")
        response = render(request, "alerts/mail_unavailable.html", status=503)
        response["Retry-After"] = "300"
        return response
    return None


def manage_url(alert: Alert) -> str:
    return reverse("alerts:manage", kwargs={"token": make_token(alert.pk, Purpose.MANAGE)})


class LimitedFormView(View):
    """A form POST counted per client first, then, once the form is valid, per email address:
    past either limit, a 429 page and nothing done."""

    form_class: type

    def post(self, request):
        wait = wait_seconds(request)
        if wait:
            return too_many_requests(request, wait)
        form = self.form_class(request.POST)
        if not form.is_valid():
            return self.form_invalid(form)
        address = normalize_address(form.cleaned_data["email"])
        wait = wait_seconds(request, address=address)
        if wait:
            return too_many_requests(request, wait)
        return self.form_valid(form, address)


# No CSRF token: the form sits on /jobs/, which is served from a shared cache, so it cannot carry
# one per visitor. There is no session to ride on: a forged request can only do what anyone can
# do by typing an address into the form, which the double opt-in and the rate limits cover.
@method_decorator(csrf_exempt, name="dispatch")
class SubscribeView(LimitedFormView):
    template_name = "alerts/subscribe.html"
    form_class = SubscribeForm

    def get(self, request):
        query = request.GET.urlencode()
        form = SubscribeForm(initial={"query": query})
        return self.show(request, form, query)

    def form_invalid(self, form):
        return self.show(self.request, form, self.request.POST.get("query", ""), status=400)

    def form_valid(self, form, address):
        data = form.cleaned_data
        subscription = services.alert_subscribe(
            email=address, frequency=data["frequency"], query=data["query"]
        )
        failed = send_or_answer_503(
            self.request, emails.subscription_email(subscription, query=data["query"])
        )
        if failed:
            return failed
        return render(
            self.request,
            "alerts/check_inbox.html",
            {"email": data["email"], "search": describe(data["query"]), "kind": "subscribe"},
        )

    def show(self, request, form, query, status=200):
        """The form, under the search in words or what keeps the search from being an alert."""
        try:
            search, problems = describe(canonical_query(query)), []
        except ValidationError as error:
            search, problems = None, error.messages
        return render(
            request,
            self.template_name,
            {"form": form, "search": search, "problems": problems},
            status=400 if problems else status,
        )


@method_decorator(never_cache, name="dispatch")
class TokenView(View):
    """A page reached through a signed link: a clear page for a forged, expired or spent one."""

    purpose: Purpose

    def dispatch(self, request, *args, token: str, **kwargs):
        try:
            alert_id = read_token(token, self.purpose)
        except LinkExpired:
            return self.link_problem(request, "expired", status=410)
        except LinkInvalid:
            return self.link_problem(request, "invalid", status=400)
        self.alert = Alert.objects.select_related("subscriber").filter(pk=alert_id).first()
        if self.alert is None:
            return self.alert_gone(request)
        return super().dispatch(request, *args, **kwargs)

    def link_problem(self, request, problem: str, status: int) -> HttpResponse:
        return render(
            request,
            "alerts/link_problem.html",
            {
                "problem": problem,
                "purpose": self.purpose.name.lower(),
                "unconfirmed_days": settings.ALERTS_UNCONFIRMED_DAYS,
            },
            status=status,
        )

    def alert_gone(self, request) -> HttpResponse:
        return self.link_problem(request, "gone", status=404)


class ConfirmView(TokenView):
    purpose = Purpose.CONFIRM

    def get(self, request):
        return render(
            request,
            "alerts/confirm.html",
            {"alert": self.alert, "search": describe(self.alert.query)},
        )

    def post(self, request):
        alert = services.alert_confirm(alert=self.alert)
        messages.success(
            request,
            f"Your alert is on. The first email comes when new jobs match "
            f"({alert.get_frequency_display().lower()}).",
        )
        return HttpResponseRedirect(manage_url(alert))


class ManageView(TokenView):
    """Every alert of the address, each with its own forms (and its own signed link)."""

    purpose = Purpose.MANAGE

    def get(self, request, status=200):
        subscriber = self.alert.subscriber
        alerts = [
            {
                "alert": alert,
                "search": describe(alert.query),
                "manage_url": manage_url(alert),
                "delete_url": reverse(
                    "alerts:unsubscribe",
                    kwargs={"token": make_token(alert.pk, Purpose.UNSUBSCRIBE)},
                ),
                "frequency_form": FrequencyForm(initial={"frequency": alert.frequency}),
            }
            for alert in subscriber.alerts.order_by("created_at", "pk")
        ]
        return render(
            request,
            "alerts/manage.html",
            {
                "subscriber": subscriber,
                "alerts": alerts,
                "statuses": AlertStatus,
                "max_alerts": settings.ALERTS_MAX_PER_ADDRESS,
            },
            status=status,
        )

    def post(self, request):
        try:
            done = self.act(request.POST.get("action"), request.POST)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return self.get(request, status=400)
        messages.success(request, f"Saved: “{describe(self.alert.query)}”. {done}")
        return HttpResponseRedirect(request.path)

    def act(self, action, data) -> str:
        alert = self.alert
        if action == "frequency":
            form = FrequencyForm(data)
            if not form.is_valid():
                raise ValidationError("Choose daily or weekly.", code="frequency")
            services.alert_set_frequency(alert=alert, frequency=form.cleaned_data["frequency"])
            return f"It now comes {form.cleaned_data['frequency']}."
        if action == "pause" and alert.status == AlertStatus.ACTIVE:
            services.alert_set_paused(alert=alert, paused=True)
            return "It is paused: no emails until you resume it."
        if action == "resume" and alert.status == AlertStatus.PAUSED:
            services.alert_set_paused(alert=alert, paused=False)
            return "It is on again."
        raise ValidationError("That cannot be done to this alert now.", code="action")


# RFC 8058: a mail client's unsubscribe button POSTs "List-Unsubscribe=One-Click" to this URL
# with no cookie, so no CSRF token; the signed link is the authority, and it can only delete.
@method_decorator(csrf_exempt, name="dispatch")
class UnsubscribeView(TokenView):
    """Delete an alert: one POST (from a mail client), or the page with its optional reason."""

    purpose = Purpose.UNSUBSCRIBE

    def get(self, request):
        return self.show(request, LeaveForm())

    def post(self, request):
        form = LeaveForm(request.POST)
        if not form.is_valid():
            return self.show(request, form, status=400)
        subscriber = self.alert.subscriber
        search = describe(self.alert.query)
        services.alert_delete(
            alert=self.alert,
            reason=form.cleaned_data["reason"],
            comment=form.cleaned_data["comment"],
        )
        remaining = Alert.objects.filter(subscriber_id=subscriber.pk).order_by("pk").first()
        return render(
            request,
            "alerts/unsubscribed.html",
            {
                "search": search,
                "manage_url": manage_url(remaining) if remaining else "",
            },
        )

    def show(self, request, form, status=200):
        return render(
            request,
            "alerts/unsubscribe.html",
            {"alert": self.alert, "search": describe(self.alert.query), "form": form},
            status=status,
        )

    def alert_gone(self, request):
        # Unsubscribing twice (a retry, a second click) is no error.
        return render(request, "alerts/unsubscribed.html", {"already": True})


class ManageLinkView(LimitedFormView):
    """A fresh manage link by email, for an address whose links have lapsed (a paused alert
    sends none). The answer is the same whether the address has alerts or not."""

    form_class = ManageLinkForm

    def get(self, request):
        return render(request, "alerts/manage_link.html", {"form": ManageLinkForm()})

    def form_invalid(self, form):
        return render(self.request, "alerts/manage_link.html", {"form": form}, status=400)

    def form_valid(self, form, address):
        subscriber = Subscriber.objects.filter(email=address, alerts__isnull=False).first()
        if subscriber is not None:
            failed = send_or_answer_503(self.request, emails.manage_link_email(subscriber))
            if failed:
                return failed
        return render(
            self.request, "alerts/check_inbox.html", {"email": address, "kind": "manage_link"}
        )
