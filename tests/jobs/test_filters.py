from decimal import Decimal

import pytest

from jobs.filters import JobFilter
from jobs.models import Job
from salaries.choices import ReviewState
from tests.factories import CompanyFactory, PublishedJobFactory, RoleFactory

pytestmark = pytest.mark.django_db


def titles(data):
    filterset = JobFilter(data, queryset=Job.objects.visible())
    assert filterset.is_valid(), filterset.errors
    return sorted(job.title for job in filterset.qs)


@pytest.fixture
def jobs():
    engineer = RoleFactory(name="Data Engineer")
    scientist = RoleFactory(name="Data Scientist")
    PublishedJobFactory(
        title="Pipeline Engineer",
        role=engineer,
        employment_type="FT",
        experience_level="SE",
        remote_policy="remote",
        country="US",
        salary_min=Decimal(150_000),
        salary_max=Decimal(180_000),
    )
    PublishedJobFactory(
        title="Junior Analyst",
        role=scientist,
        employment_type="IN",
        experience_level="EN",
        remote_policy="onsite",
        country="DE",
        company=CompanyFactory(name="Fjord Robotics"),
        salary_min=Decimal(40_000),
        salary_max=Decimal(50_000),
    )
    PublishedJobFactory(
        title="Hidden Salary",
        role=scientist,
        employment_type="CT",
        experience_level="MI",
        remote_policy="hybrid",
        country="GB",
        salary_min=Decimal(200_000),
        salary_max=Decimal(900_000),
        salary_review=ReviewState.NEEDS_REVIEW,
    )


def test_each_filter_narrows_the_list(jobs):
    assert titles({"role": "data-engineer"}) == ["Pipeline Engineer"]
    assert titles({"employment_type": "IN"}) == ["Junior Analyst"]
    assert titles({"experience_level": "MI"}) == ["Hidden Salary"]
    assert titles({"remote": "hybrid"}) == ["Hidden Salary"]
    assert titles({"country": "DE"}) == ["Junior Analyst"]
    assert titles({"q": "fjord"}) == ["Junior Analyst"]
    assert titles({"q": "pipeline engineer"}) == ["Pipeline Engineer"]


def test_salary_floor_ignores_salaries_waiting_for_review(jobs):
    assert titles({"salary_from": "100000"}) == ["Pipeline Engineer"]
    assert titles({"salary_from": "180000"}) == ["Pipeline Engineer"]
    assert titles({"salary_from": "180001"}) == []


def test_filters_combine(jobs):
    assert titles({"country": "US", "employment_type": "IN"}) == []


@pytest.mark.parametrize(
    "data",
    [
        {"employment_type": "ZZ"},
        {"experience_level": "GURU"},
        {"remote": "moon"},
        {"country": "XX"},
        {"role": "no-such-role"},
        {"salary_from": "-5"},
        {"salary_from": "lots"},
        {"salary_from": "999999999"},
    ],
)
def test_bad_values_are_form_errors(jobs, data):
    filterset = JobFilter(data, queryset=Job.objects.visible())
    assert not filterset.is_valid()
    assert set(filterset.errors) == set(data)
