"""What the jobs admin's tests share: two companies, their clients, a job form's fields."""

import pytest
from django.test import Client

from tests.factories import CompanyFactory, EmployerFactory, ModeratorFactory


@pytest.fixture
def allora():
    return CompanyFactory(name="Allora Labs")


@pytest.fixture
def occam():
    return CompanyFactory(name="Occam AI")


@pytest.fixture
def employer_client(client, allora):
    client.force_login(EmployerFactory(company=allora))
    return client


@pytest.fixture
def moderator_client(allora):
    client = Client()
    client.force_login(ModeratorFactory())
    return client


def job_form(company, **overrides):
    data = {
        "title": "Research Engineer",
        "company": company.pk,
        "role": "",
        "tags": "research, ml",
        "location": "",
        "country": "",
        "remote_policy": "remote",
        "employment_type": "FT",
        "experience_level": "SE",
        "salary_min": "160000",
        "salary_max": "180000",
        "salary_currency": "USD",
        "salary_period": "year",
        "description": "## About\n\nResearch.",
        "apply_url": "https://example.com/apply",
        "apply_email": "",
        "expires_at_0": "",
        "expires_at_1": "",
    }
    return {**data, **overrides}
