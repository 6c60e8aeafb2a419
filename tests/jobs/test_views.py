from decimal import Decimal

import pytest
from django.urls import reverse

from salaries.choices import ReviewState
from tests.factories import (
    FeaturedJobFactory,
    JobFactory,
    PublishedArticleFactory,
    PublishedJobFactory,
    RoleFactory,
)

pytestmark = pytest.mark.django_db


def test_job_list_shows_visible_jobs_with_their_salary(client):
    PublishedJobFactory(
        title="Data Engineer", salary_min=Decimal(120_000), salary_max=Decimal(160_000)
    )
    JobFactory(title="Draft Job")
    response = client.get(reverse("jobs:list"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Data Engineer" in html and "USD 120K - 160K" in html
    assert "Draft Job" not in html


def test_a_salary_waiting_for_review_is_not_shown(client):
    job = PublishedJobFactory(
        salary_min=Decimal(15),
        salary_max=Decimal(70),
        salary_period="hour",
        salary_review=ReviewState.NEEDS_REVIEW,
    )
    html = client.get(reverse("jobs:list")).content.decode()
    assert "USD 15 - 70" not in html
    detail = client.get(job.get_absolute_url()).content.decode()
    assert "USD 15 - 70" not in detail
    assert "Being checked by a moderator" in detail


def test_bad_filter_is_a_400_with_a_message(client):
    response = client.get(reverse("jobs:list"), {"employment_type": "ZZ"})
    assert response.status_code == 400
    assert "Some filters could not be used" in response.content.decode()


def test_job_list_query_count_does_not_grow(client, django_assert_max_num_queries):
    PublishedJobFactory.create_batch(3)
    with django_assert_max_num_queries(8):
        client.get(reverse("jobs:list"))
    PublishedJobFactory.create_batch(15)
    with django_assert_max_num_queries(8):
        client.get(reverse("jobs:list"))


def test_job_page_links_to_salary_info_and_related_articles(client):
    role = RoleFactory(name="Data Engineer")
    job = FeaturedJobFactory(role=role, title="Data Engineer")
    article = PublishedArticleFactory(title="What data engineers earn")
    article.roles.add(role)
    html = client.get(job.get_absolute_url()).content.decode()
    assert "View salary info for Data Engineer (global)" in html
    assert role.get_absolute_url() in html
    assert "What data engineers earn" in html
    assert "Apply for this job" in html


def test_jobs_that_are_not_visible_are_404(client):
    assert client.get(JobFactory().get_absolute_url()).status_code == 404
    assert client.get("/jobs/no-such-job/").status_code == 404
