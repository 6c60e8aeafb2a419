"""Who may do what in the admin: every URL of every registered model and every action, asked by
each kind of user, with the answer expected. Another company's objects are 404, so a guessed URL
does not even tell an employer that the object exists."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone
from taggit.models import Tag

from alerts.models import Unsubscription
from jobs.models import Job, JobStatus
from jobs.staff import EMPLOYERS_GROUP
from salaries.choices import ReviewState
from tests.factories import (
    ArticleFactory,
    CompanyFactory,
    ConfirmedAlertFactory,
    EmployerFactory,
    ExchangeRateFactory,
    FeaturedJobFactory,
    JobFactory,
    ModeratorFactory,
    PublishedJobFactory,
    RoleFactory,
    SalaryRecordFactory,
    SalarySourceFactory,
    SubmittedJobFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

WHO = ("anonymous", "employer_a", "employer_b", "moderator", "superuser")
L = "login"  # a redirect to the admin's login page

# Expected answers in the order of WHO.
SUPERUSER_ONLY = (L, 403, 403, 403, 200)
NOBODY = (L, 403, 403, 403, 403)
MODERATORS = (L, 403, 403, 200, 200)
EVERY_STAFF = (L, 200, 200, 200, 200)
OWN_COMPANY = (L, 200, 404, 200, 200)  # the object belongs to employer A's company

# Rows the site writes (job alerts' addresses, reasons for leaving): superusers see and delete
# them; nobody types them in or changes them.
WRITTEN_BY_THE_SITE = {
    "changelist": SUPERUSER_ONLY,
    "add": NOBODY,
    "change": SUPERUSER_ONLY,
    "history": SUPERUSER_ONLY,
    "delete": SUPERUSER_ONLY,
    "change:post": NOBODY,
    "delete:post": (L, 403, 403, 403, 302),
}

# change:post and delete:post are forged POSTs: refused ones must change nothing.
URLS = {
    "auth.user": {
        "changelist": SUPERUSER_ONLY,
        "add": SUPERUSER_ONLY,
        "change": SUPERUSER_ONLY,
        "history": SUPERUSER_ONLY,
        "delete": SUPERUSER_ONLY,
        "change:post": SUPERUSER_ONLY,
        "delete:post": (L, 403, 403, 403, 302),
    },
    "auth.group": {
        "changelist": SUPERUSER_ONLY,
        "add": SUPERUSER_ONLY,
        "change": SUPERUSER_ONLY,
        "history": SUPERUSER_ONLY,
        "delete": SUPERUSER_ONLY,
        "change:post": SUPERUSER_ONLY,
        "delete:post": (L, 403, 403, 403, 302),
    },
    "taggit.tag": {
        "changelist": SUPERUSER_ONLY,
        "add": SUPERUSER_ONLY,
        "change": SUPERUSER_ONLY,
        "history": SUPERUSER_ONLY,
        "delete": SUPERUSER_ONLY,
        "change:post": SUPERUSER_ONLY,
        "delete:post": (L, 403, 403, 403, 302),
    },
    # django-axes' records of login attempts: read and cleared by superusers only.
    "axes.accessattempt": {
        "changelist": SUPERUSER_ONLY,
        "add": NOBODY,
        "change": SUPERUSER_ONLY,
        "history": SUPERUSER_ONLY,
        "delete": SUPERUSER_ONLY,
        "change:post": (L, 403, 403, 403, 302),  # every field is read-only: nothing to change
        "delete:post": (L, 403, 403, 403, 302),
    },
    "axes.accesslog": {
        "changelist": SUPERUSER_ONLY,
        "add": NOBODY,
        "change": SUPERUSER_ONLY,
        "history": SUPERUSER_ONLY,
        "delete": SUPERUSER_ONLY,
        "change:post": (L, 403, 403, 403, 302),
        "delete:post": (L, 403, 403, 403, 302),
    },
    "axes.accessfailurelog": {
        "changelist": SUPERUSER_ONLY,
        "add": NOBODY,
        "change": SUPERUSER_ONLY,
        "history": SUPERUSER_ONLY,
        "delete": SUPERUSER_ONLY,
        "change:post": (L, 403, 403, 403, 302),
        "delete:post": (L, 403, 403, 403, 302),
    },
    # Employers may look roles up (to pick a job's role), not change them.
    "salaries.role": {
        "changelist": EVERY_STAFF,
        "add": MODERATORS,
        "change": EVERY_STAFF,
        "history": EVERY_STAFF,
        "delete": SUPERUSER_ONLY,
        "change:post": MODERATORS,
        "delete:post": (L, 403, 403, 403, 302),
    },
    "salaries.exchangerate": {
        "changelist": MODERATORS,
        "add": MODERATORS,
        "change": MODERATORS,
        "history": MODERATORS,
        "delete": MODERATORS,
        "change:post": MODERATORS,
        "delete:post": (L, 403, 403, 302, 302),
    },
    # Sources and records come from imports and job postings: read-only, deleted by superusers.
    "salaries.salarysource": {
        "changelist": MODERATORS,
        "add": NOBODY,
        "change": MODERATORS,
        "history": MODERATORS,
        "delete": SUPERUSER_ONLY,
        "change:post": SUPERUSER_ONLY,
        "delete:post": (L, 403, 403, 403, 302),
    },
    "salaries.salaryrecord": {
        "changelist": MODERATORS,
        "add": NOBODY,
        "change": MODERATORS,
        "history": MODERATORS,
        "delete": SUPERUSER_ONLY,
        "change:post": NOBODY,
        "delete:post": (L, 403, 403, 403, 302),
    },
    "salaries.salaryreviewitem": {
        "changelist": MODERATORS,
        "add": NOBODY,
        "change": MODERATORS,
        "history": MODERATORS,
        "delete": SUPERUSER_ONLY,
        "change:post": NOBODY,
        "delete:post": (L, 403, 403, 403, 302),
    },
    "jobs.company": {
        "changelist": EVERY_STAFF,
        "add": MODERATORS,
        "change": OWN_COMPANY,
        "history": OWN_COMPANY,
        "delete": (L, 403, 404, 403, 200),
        "change:post": OWN_COMPANY,
        "delete:post": (L, 403, 404, 403, 302),
    },
    "jobs.job": {
        "changelist": EVERY_STAFF,
        "add": (L, 200, 200, 403, 200),  # moderators review jobs, employers post them
        "change": OWN_COMPANY,
        "history": OWN_COMPANY,
        "delete": (L, 200, 404, 403, 200),
        "change:post": OWN_COMPANY,
        "delete:post": (L, 302, 404, 403, 302),
    },
    "alerts.subscriber": WRITTEN_BY_THE_SITE,
    "alerts.unsubscription": WRITTEN_BY_THE_SITE,
    "articles.article": {
        "changelist": MODERATORS,
        "add": MODERATORS,
        "change": MODERATORS,
        "history": MODERATORS,
        "delete": MODERATORS,
        "change:post": MODERATORS,
        "delete:post": (L, 403, 403, 302, 302),
    },
}

# URLs of the site itself: the index, each app's page, the "view on site" redirect.
SITE_URLS = {
    "index": EVERY_STAFF,
    "app:jobs": EVERY_STAFF,
    "app:salaries": (L, 404, 404, 200, 200),  # employers' only salaries model is hidden
    "app:articles": (L, 404, 404, 200, 200),
    "app:auth": (L, 404, 404, 404, 200),
    "app:taggit": (L, 404, 404, 404, 200),
    "app:axes": (L, 404, 404, 404, 200),
    "app:alerts": (L, 404, 404, 404, 200),
    "email_settings": EVERY_STAFF,  # each user's own: employers' emails about their jobs
    "view_on_site:job": (L, 302, 404, 302, 302),
    "user_password": SUPERUSER_ONLY,
}


@pytest.fixture(autouse=True)
def quick_passwords(settings):
    """Hundreds of cases each make four staff users; the real hasher is slow on purpose."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def world():
    allora, occam = CompanyFactory(name="Allora Labs"), CompanyFactory(name="Occam AI")
    users = {
        "employer_a": EmployerFactory(company=allora),
        "employer_b": EmployerFactory(company=occam),
        "moderator": ModeratorFactory(),
        "superuser": UserFactory(is_staff=True, is_superuser=True),
    }
    flagged = SalaryRecordFactory(
        review_state=ReviewState.NEEDS_REVIEW, source=SalarySourceFactory(name="survey")
    )
    attempt = dict(user_agent="x", ip_address="10.0.0.1", username="x", http_accept="*/*")
    objects = {
        "auth.user": UserFactory(username="someone"),
        "auth.group": Group.objects.get(name=EMPLOYERS_GROUP),
        "taggit.tag": Tag.objects.create(name="python"),
        "axes.accessattempt": AccessAttempt.objects.create(
            **attempt, path_info="/admin/login/", get_data="", post_data="", failures_since_start=1
        ),
        "axes.accesslog": AccessLog.objects.create(**attempt, path_info="/admin/login/"),
        "axes.accessfailurelog": AccessFailureLog.objects.create(
            **attempt, path_info="/admin/login/"
        ),
        "salaries.role": RoleFactory(name="Prompt Engineer"),
        "salaries.exchangerate": ExchangeRateFactory(currency="ABC"),
        "salaries.salarysource": SalarySourceFactory(name="old survey"),
        "salaries.salaryrecord": flagged,
        "salaries.salaryreviewitem": flagged,
        "jobs.company": allora,
        "jobs.job": SubmittedJobFactory(company=allora, title="Secret Plan", role=None),
        "articles.article": ArticleFactory(),
        "alerts.subscriber": ConfirmedAlertFactory().subscriber,
        "alerts.unsubscription": Unsubscription.objects.create(
            reason="too_many", frequency="daily"
        ),
    }
    return {"users": users, "objects": objects, "allora": allora, "occam": occam}


def client_as(client, world, who):
    if who != "anonymous":
        client.force_login(world["users"][who])
    return client


def admin_url(label, view, obj):
    app_label, model_name = label.split(".")
    name = f"admin:{app_label}_{model_name}_{view}"
    return reverse(name) if view in ("changelist", "add") else reverse(name, args=[obj.pk])


def answer(response):
    if response.status_code == 302 and response["Location"].startswith(reverse("admin:login")):
        return L
    return response.status_code


def still_there(obj):
    return type(obj)._base_manager.filter(pk=obj.pk).exists()


CASES = [
    (label, view, who, expected[i])
    for label, views in URLS.items()
    for view, expected in views.items()
    for i, who in enumerate(WHO)
]


@pytest.mark.parametrize(("label", "view", "who", "expected"), CASES)
def test_admin_url(client, world, label, view, who, expected):
    obj = world["objects"][label]
    client = client_as(client, world, who)
    if view == "change:post":
        before = {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields}
        response = client.post(admin_url(label, "change", obj), {})
        if expected != 302 and still_there(obj):
            obj.refresh_from_db()
            after = {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields}
            assert after == before  # refused, or sent back with errors: nothing written
    elif view == "delete:post":
        response = client.post(admin_url(label, "delete", obj), {"post": "yes"})
        assert still_there(obj) == (expected != 302)
    else:
        response = client.get(admin_url(label, view, obj))
    assert answer(response) == expected


@pytest.mark.parametrize(
    ("name", "who", "expected"),
    [(name, who, expected[i]) for name, expected in SITE_URLS.items() for i, who in enumerate(WHO)],
)
def test_site_url(client, world, name, who, expected):
    client = client_as(client, world, who)
    job = world["objects"]["jobs.job"]
    if name == "index":
        url = reverse("admin:index")
    elif name.startswith("app:"):
        url = reverse("admin:app_list", kwargs={"app_label": name[4:]})
    elif name == "user_password":
        url = reverse("admin:auth_user_password_change", args=[world["users"]["employer_a"].pk])
    elif name == "email_settings":
        url = reverse("jobs:email_settings")
    else:
        url = reverse(
            "admin:view_on_site", args=[ContentType.objects.get_for_model(Job).pk, job.pk]
        )
    response = client.get(url)
    assert answer(response) == expected
    if expected == 302:
        assert response["Location"].endswith(job.get_absolute_url())


def test_every_registered_model_is_in_the_matrix():
    labels = {model._meta.label_lower for model in admin.site._registry}
    assert labels == set(URLS)
    for label, views in URLS.items():
        assert set(views) == {
            "changelist",
            "add",
            "change",
            "history",
            "delete",
            "change:post",
            "delete:post",
        }, label


# --- Actions ----------------------------------------------------------------------------------


def pending_job(world):
    return SubmittedJobFactory(company=world["allora"], role=None)


def published_job(world):
    return PublishedJobFactory(company=world["allora"], role=None)


def flagged_job(world):
    return JobFactory(company=world["allora"], salary_review=ReviewState.NEEDS_REVIEW)


def flagged_record(world):
    return SalaryRecordFactory(review_state=ReviewState.NEEDS_REVIEW)


def expired_attempt(world):
    attempt = AccessAttempt.objects.create(
        user_agent="x",
        ip_address="10.0.0.2",
        username="x",
        http_accept="*/*",
        path_info="/admin/login/",
        get_data="",
        post_data="",
        failures_since_start=1,
    )
    AccessAttempt.objects.filter(pk=attempt.pk).update(
        attempt_time=timezone.now() - timedelta(days=2)
    )
    return attempt


def state(field):
    return lambda obj: getattr(type(obj).objects.get(pk=obj.pk), field)


def gone(obj):
    return not still_there(obj)


def existing(label):
    return lambda world: world["objects"][label]


APPLIED_BY_MODERATORS = (False, False, False, True, True)
APPLIED_BY_SUPERUSERS = (False, False, False, False, True)

# label, action, extra POST data, object to act on, "was it applied?", expected per WHO.
ACTIONS = [
    (
        "jobs.job",
        "publish",
        {},
        pending_job,
        lambda job: state("status")(job) == JobStatus.PUBLISHED,
        APPLIED_BY_MODERATORS,
    ),
    (
        "jobs.job",
        "reject",
        {"apply": "yes", "reason": "No salary."},
        pending_job,
        lambda job: state("status")(job) == JobStatus.REJECTED,
        APPLIED_BY_MODERATORS,
    ),
    (
        "jobs.job",
        "feature",
        {"apply": "yes", "days": "5"},
        published_job,
        lambda job: state("featured_until")(job) is not None,
        APPLIED_BY_MODERATORS,
    ),
    (
        "jobs.job",
        "unfeature",
        {},
        lambda world: FeaturedJobFactory(company=world["allora"], role=None),
        lambda job: state("featured_until")(job) is None,
        APPLIED_BY_MODERATORS,
    ),
    (
        "jobs.job",
        "expire",
        {"apply": "yes"},  # the answer to "End jobs now?"
        published_job,
        lambda job: state("status")(job) == JobStatus.EXPIRED,
        (False, True, False, True, True),  # employers end their own jobs early
    ),
    (
        "jobs.job",
        "confirm_salary",
        {},
        flagged_job,
        lambda job: state("salary_review")(job) == ReviewState.ACCEPTED,
        APPLIED_BY_MODERATORS,
    ),
    (
        "jobs.job",
        "reject_salary",
        {},
        flagged_job,
        lambda job: state("salary_review")(job) == ReviewState.REJECTED,
        APPLIED_BY_MODERATORS,
    ),
    (
        "jobs.job",
        "delete_selected",
        {"post": "yes"},
        pending_job,
        gone,
        (False, True, False, False, True),
    ),
    (
        "jobs.company",
        "delete_selected",
        {"post": "yes"},
        existing("jobs.company"),
        gone,
        APPLIED_BY_SUPERUSERS,
    ),
    (
        "salaries.role",
        "delete_selected",
        {"post": "yes"},
        existing("salaries.role"),
        gone,
        APPLIED_BY_SUPERUSERS,
    ),
    (
        "salaries.exchangerate",
        "delete_selected",
        {"post": "yes"},
        existing("salaries.exchangerate"),
        gone,
        APPLIED_BY_MODERATORS,
    ),
    (
        "salaries.salarysource",
        "delete_selected",
        {"post": "yes"},
        existing("salaries.salarysource"),
        gone,
        APPLIED_BY_SUPERUSERS,
    ),
    *[
        (
            label,
            action,
            {},
            flagged_record,
            lambda record, verdict=verdict: state("review_state")(record) == verdict,
            APPLIED_BY_MODERATORS,
        )
        for label in ("salaries.salaryrecord", "salaries.salaryreviewitem")
        for action, verdict in (("confirm", ReviewState.ACCEPTED), ("reject", ReviewState.REJECTED))
    ],
    *[
        (label, "delete_selected", {"post": "yes"}, flagged_record, gone, APPLIED_BY_SUPERUSERS)
        for label in ("salaries.salaryrecord", "salaries.salaryreviewitem")
    ],
    (
        "articles.article",
        "delete_selected",
        {"post": "yes"},
        existing("articles.article"),
        gone,
        APPLIED_BY_MODERATORS,
    ),
    *[
        (label, "delete_selected", {"post": "yes"}, existing(label), gone, APPLIED_BY_SUPERUSERS)
        for label in (
            "auth.user",
            "auth.group",
            "taggit.tag",
            "axes.accessattempt",
            "axes.accesslog",
            "axes.accessfailurelog",
        )
    ],
    (
        "alerts.subscriber",
        "stop_bounced",
        {},
        existing("alerts.subscriber"),
        lambda subscriber: state("stop_reason")(subscriber) == "bounced",
        APPLIED_BY_SUPERUSERS,
    ),
    *[
        (label, "delete_selected", {"post": "yes"}, existing(label), gone, APPLIED_BY_SUPERUSERS)
        for label in ("alerts.subscriber", "alerts.unsubscription")
    ],
    (
        "axes.accessattempt",
        "cleanup_expired_attempts",
        {},
        expired_attempt,
        gone,
        APPLIED_BY_SUPERUSERS,
    ),
]


@pytest.mark.parametrize(
    ("label", "action", "data", "make", "applied", "who", "expected"),
    [
        (label, action, data, make, applied, who, expected[i])
        for label, action, data, make, applied, expected in ACTIONS
        for i, who in enumerate(WHO)
    ],
    ids=[f"{label}-{action}-{who}" for label, action, *_ in ACTIONS for who in WHO],
)
def test_admin_action(client, world, label, action, data, make, applied, who, expected):
    obj = make(world)
    client = client_as(client, world, who)
    response = client.post(
        admin_url(label, "changelist", obj),
        {"action": action, "_selected_action": [obj.pk], **data},
    )
    assert applied(obj) == expected
    if who == "anonymous":
        assert answer(response) == L


def test_every_action_is_in_the_matrix(world):
    request = RequestFactory().get("/admin/")
    request.user = world["users"]["superuser"]
    offered = {
        (model._meta.label_lower, name)
        for model, model_admin in admin.site._registry.items()
        for name in model_admin.get_actions(request)
    }
    assert offered == {(label, action) for label, action, *_ in ACTIONS}
