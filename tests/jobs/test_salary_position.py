"""Where a job's salary stands, on its page and as a badge on its card (salaries.position)."""

from decimal import Decimal

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from jobs.review import job_publish
from salaries.choices import ReviewState
from salaries.position import _records_statement
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


def test_search_cards_carry_the_short_badge(client, role):
    published(role, salary_min=Decimal(90_000), salary_max=Decimal(100_000))  # 95K: 9 below
    html = client.get(reverse("jobs:list")).content.decode()
    assert "Pays more than 90% of Data Engineer salaries" in html
    # The whole sentence is the badge's title.
    assert (
        'title="Pays more than 90% of Data Engineer salaries in Germany, mid level (10 salaries)."'
    ) in html


def test_a_cached_search_page_follows_its_roles_figures(client, role, settings):
    settings.JOBS_CACHE_SECONDS = 60
    published(role, salary_min=Decimal(90_000), salary_max=Decimal(100_000))
    assert "Pays more than 90%" in client.get(reverse("jobs:list")).content.decode()
    # A survey point above it (no job written): the figures change, and so does the badge.
    SalaryRecordFactory(role=role, amount_min=99_000, country="DE", experience_level="MI")
    html = client.get(reverse("jobs:list")).content.decode()
    assert "Pays more than 81% of Data Engineer salaries" in html  # 9 of 11


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


def test_the_search_places_a_page_of_cards_in_one_query(client, role):
    for _ in range(20):
        published(role)
    with CaptureQueriesContext(connection) as context:
        html = client.get(reverse("jobs:list")).content.decode()
    assert html.count('class="position-badge"') == 20
    # On PostgreSQL the statement runs prepared, by its name (web/statements.py).
    statement = _records_statement("default", settings.SALARY_MIN_POINTS)
    placing = [
        query
        for query in context.captured_queries
        if "salaries_salaryfigures" in query["sql"] or statement.name in query["sql"]
    ]
    assert len(placing) == 1
