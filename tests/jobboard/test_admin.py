from datetime import timedelta
from html import escape
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from jobs.models import CompanyChange, JobChange, JobStatus
from salaries.choices import ReviewState
from tests.factories import (
    CompanyFactory,
    EmployerFactory,
    FeaturedJobFactory,
    JobFactory,
    ModeratorFactory,
    SalaryRecordFactory,
    SubmittedJobFactory,
)

pytestmark = pytest.mark.django_db


def waiting(response):
    return {item.label: item for item in response.context["waiting"]}


def test_the_moderators_dashboard_counts_what_waits_and_links_to_it(client):
    SubmittedJobFactory.create_batch(2)
    JobFactory(salary_review=ReviewState.NEEDS_REVIEW, salary_employer_confirmed=True)
    JobFactory(salary_review=ReviewState.NEEDS_REVIEW)
    SalaryRecordFactory.create_batch(3, review_state=ReviewState.NEEDS_REVIEW)
    now = timezone.now()
    FeaturedJobFactory(featured_until=now + timedelta(days=3))
    changed = FeaturedJobFactory(featured_until=now + timedelta(days=30))
    JobChange.objects.create(job=changed, values={"title": "Renamed"})
    CompanyChange.objects.create(company=changed.company, values={"name": "Renamed"})
    client.force_login(ModeratorFactory())
    response = client.get(reverse("admin:index"))
    assert response.context["title"] == "Dashboard"
    assert "Jobboard admin" in response.content.decode()
    items = waiting(response)
    counts = {label: item.count for label, item in items.items()}
    assert counts == {
        "Jobs pending review": 2,
        "Changes of jobs on the board": 1,
        "Changes of companies": 1,
        "Job salaries flagged by the rules": 2,
        "… of which the employer says are correct": 1,
        "Survey salaries flagged by the rules": 3,
        "Featured jobs ending within 7 days": 1,
    }
    for label, item in items.items():
        assert escape(item.url) in response.content.decode()
        listed = client.get(item.url)
        assert listed.status_code == 200, label
        assert listed.context["cl"].result_count == item.count, label


def test_employers_see_their_own_jobs_by_review_state(client):
    allora = CompanyFactory()
    SubmittedJobFactory(company=allora)
    JobFactory(company=allora, status=JobStatus.REJECTED, review_reason="Add a salary.")
    SubmittedJobFactory.create_batch(3)  # other companies'
    client.force_login(EmployerFactory(company=allora))
    response = client.get(reverse("admin:index"))
    items = waiting(response)
    assert {label: item.count for label, item in items.items()} == {
        "Pending review": 1,
        "Rejected": 1,
        "Published": 0,
    }
    rejected = client.get(items["Rejected"].url)
    assert rejected.context["cl"].result_count == 1
    assert "Add a salary." in rejected.content.decode()


def test_employers_see_only_the_jobs_app(client):
    client.force_login(EmployerFactory(company=CompanyFactory()))
    response = client.get(reverse("admin:index"))
    apps = {
        app["app_label"]: [m["object_name"] for m in app["models"]]
        for app in response.context["app_list"]
    }
    assert apps == {"jobs": ["Company", "Job"]}


def test_moderators_see_every_app_they_work_in(client):
    client.force_login(ModeratorFactory())
    response = client.get(reverse("admin:index"))
    apps = {app["app_label"] for app in response.context["app_list"]}
    assert apps == {"articles", "jobs", "salaries"}


def test_company_autocomplete_offers_only_the_employers_companies(client):
    allora, occam = CompanyFactory(name="Allora Labs"), CompanyFactory(name="Allora Twin")
    client.force_login(EmployerFactory(company=allora))
    query = {"app_label": "jobs", "model_name": "job", "field_name": "company", "term": "allora"}
    response = client.get(reverse("admin:autocomplete"), query)
    assert [r["text"] for r in response.json()["results"]] == ["Allora Labs"]
    client.force_login(ModeratorFactory())
    response = client.get(reverse("admin:autocomplete"), query)
    assert [r["text"] for r in response.json()["results"]] == ["Allora Labs", "Allora Twin"]
    assert occam.pk in [int(r["id"]) for r in response.json()["results"]]


def test_the_demo_accounts_find_work_waiting(client, settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=StringIO())
    call_command("seed_demo", stdout=StringIO())  # the examples are made once
    client.force_login(get_user_model().objects.get(username="moderator"))
    counts = {label: item.count for label, item in waiting(client.get("/admin/")).items()}
    assert counts["Jobs pending review"] == 3
    assert counts["… of which the employer says are correct"] == 1
    client.force_login(get_user_model().objects.get(username="allora"))
    response = client.get(reverse("admin:jobs_job_changelist"), {"status__exact": "rejected"})
    rejected = response.context["cl"].result_list
    assert [job.title for job in rejected] == ["Growth Engineer"]
    assert rejected[0].reviewed_by.username == "moderator"
    assert "the description is about the company only" in response.content.decode()


@pytest.mark.parametrize(
    ("changelist", "factory"),
    [("jobs_job", JobFactory), ("salaries_salaryrecord", SalaryRecordFactory)],
)
def test_the_long_lists_do_not_grow_their_queries_with_their_rows(
    client, changelist, factory, django_assert_max_num_queries
):
    client.force_login(ModeratorFactory())
    url = reverse(f"admin:{changelist}_changelist")
    factory.create_batch(3)
    with django_assert_max_num_queries(40) as few:
        client.get(url)
    factory.create_batch(30)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert response.context["cl"].result_count == 33
