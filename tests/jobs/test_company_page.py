"""/companies/<slug>/: a company's description, its open jobs and where their salaries stand."""

import json
from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from jobs.review import job_publish
from tests.factories import (
    CompanyFactory,
    JobFactory,
    PublishedJobFactory,
    RoleFactory,
    SalaryRecordFactory,
    SubmittedJobFactory,
)
from tests.xss_corpus import parse

pytestmark = pytest.mark.django_db


@pytest.fixture
def company():
    return CompanyFactory(
        name="Allora Labs", description="Forecasting for farms.", website="https://allora.example"
    )


def json_ld(html: str) -> dict:
    start = html.index('<script type="application/ld+json"')
    body = html[html.index(">", start) + 1 : html.index("</script>", start)]
    return json.loads(body)


def test_the_page_lists_open_jobs_and_places_their_salaries(client, company):
    role = RoleFactory(name="Data Engineer")
    for index in range(10):
        SalaryRecordFactory(
            role=role, amount_min=50_000 + 5_000 * index, country="DE", experience_level="MI"
        )
    job = job_publish(
        job=SubmittedJobFactory(
            company=company, role=role, salary_min=Decimal(70_000), salary_max=Decimal(80_000)
        )
    )
    PublishedJobFactory(title="Elsewhere")  # another company's
    response = client.get(company.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Allora Labs</h1>" in html
    assert "Forecasting for farms." in html
    assert 'href="https://allora.example"' in html
    assert job.title in html and "Elsewhere" not in html
    assert "1 open job" in html
    # the same count as the job page: 5 of the 10 other points below 75K
    assert (
        "Pays more than 50% of Data Engineer salaries in Germany, mid level (10 salaries)." in html
    )
    assert 'name="robots"' not in html
    assert json_ld(html) == {
        "@context": "https://schema.org/",
        "@type": "Organization",
        "name": "Allora Labs",
        "url": "http://testserver/companies/allora-labs/",
        "description": "Forecasting for farms.",
        "sameAs": "https://allora.example",
    }
    assert f'href="{reverse("jobs:list")}?company=allora-labs"' in html


def test_a_company_without_open_jobs_says_so_with_noindex(client, company):
    PublishedJobFactory(
        company=company,
        status="expired",
        published_at=timezone.now() - timedelta(days=40),
        expires_at=timezone.now() - timedelta(days=10),
    )
    response = client.get(company.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert '<meta name="robots" content="noindex">' in html
    assert "Allora Labs has no open jobs on Jobboard at the moment." in parse(html).text


def test_unknown_company_is_404(client):
    assert client.get("/companies/nobody/").status_code == 404


def test_a_company_never_on_the_board_is_404_like_an_unknown_one(client, company):
    """Its name and description were never public (only a draft or a pending job): the page
    must not tell that it exists, nor show what a moderator has not seen."""
    JobFactory(company=company, status="draft")
    SubmittedJobFactory(company=company)
    assert client.get(company.get_absolute_url()).status_code == 404


def test_job_cards_and_pages_link_the_company_name_here(client, company):
    job = PublishedJobFactory(company=company)
    link = f'<a href="{company.get_absolute_url()}">Allora Labs</a>'
    assert link in client.get(reverse("jobs:list")).content.decode()
    assert link in client.get(job.get_absolute_url()).content.decode()
    # the search page still narrows by company
    html = client.get(reverse("jobs:list"), {"company": company.slug}).content.decode()
    assert job.title in html


def test_query_count_does_not_grow_with_jobs(client, company, django_assert_max_num_queries):
    role = RoleFactory()
    for size in (2, 12):
        for _ in range(size):
            job_publish(job=SubmittedJobFactory(company=company, role=role))
        with django_assert_max_num_queries(5):
            assert client.get(company.get_absolute_url()).status_code == 200
