"""Where a job's salary stands, on its page and as a badge on its card (salaries.position)."""

from decimal import Decimal

import pytest
from django.urls import reverse

from jobs.review import job_publish
from salaries.choices import ReviewState
from tests.factories import CompanyFactory, RoleFactory, SalaryRecordFactory, SubmittedJobFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def role():
    """10 German mid-level Data Engineers at 50K..95K."""
    role = RoleFactory(name="Data Engineer")
    for index in range(10):
        SalaryRecordFactory(
            role=role, amount_min=50_000 + 5_000 * index, country="DE", experience_level="MI"
        )
    return role


@pytest.fixture
def company():
    return CompanyFactory(name="Allora Labs")


def published(role, company=None, **fields):
    more = {"company": company} if company else {}
    return job_publish(job=SubmittedJobFactory(role=role, **more, **fields))


def test_the_job_page_places_the_salary_without_counting_itself(client, role):
    job = published(role, salary_min=Decimal(70_000), salary_max=Decimal(80_000))  # 75K
    html = client.get(job.get_absolute_url()).content.decode()
    # 5 of the other 10 (50K..70K) are below 75K; the job's own point is the 11th and left out
    assert (
        "Pays more than 50% of Data Engineer salaries in Germany, mid level (10 salaries)." in html
    )
    assert f'href="{role.get_absolute_url()}?country=DE&amp;experience_level=MI"' in html


def test_company_page_cards_carry_the_short_badge(client, role, company):
    published(role, company, salary_min=Decimal(90_000), salary_max=Decimal(100_000))  # 9 below
    html = client.get(company.get_absolute_url()).content.decode()
    assert "Pays more than 90% of Data Engineer salaries" in html


def test_the_search_list_places_no_salary(client, role):
    """A rank count per card is too dear for the board's busiest page (see JobListView)."""
    published(role, salary_min=Decimal(90_000), salary_max=Decimal(100_000))
    assert "Pays more than" not in client.get(reverse("jobs:list")).content.decode()


def test_a_salary_held_for_review_is_not_placed(client, role):
    job = published(role)
    job.salary_review = ReviewState.NEEDS_REVIEW
    job.save()
    html = client.get(job.get_absolute_url()).content.decode()
    assert "Pays more than" not in html
    assert "Pays more than" not in client.get(reverse("jobs:list")).content.decode()


def test_a_job_without_a_role_or_salary_has_no_badge(client, role):
    published(None)
    published(
        role,
        salary_min=None,
        salary_max=None,
        salary_currency="",
        salary_period="",
        salary_annual_usd_min=None,
        salary_annual_usd_max=None,
    )
    assert "Pays more than" not in client.get(reverse("jobs:list")).content.decode()


def test_badges_cost_one_query_per_page(client, role, company, django_assert_max_num_queries):
    for _ in range(3):
        published(role, company)
    with django_assert_max_num_queries(7):
        client.get(company.get_absolute_url())
    for _ in range(15):
        published(role, company)
    with django_assert_max_num_queries(7):
        html = client.get(company.get_absolute_url()).content.decode()
    assert html.count('class="position-badge"') == 18
