from decimal import Decimal

import pytest
from django.forms import modelform_factory

from jobs.forms import JobForm
from jobs.models import Job
from salaries.choices import ReviewState
from tests.factories import EmployerFactory, JobFactory, ModeratorFactory

pytestmark = pytest.mark.django_db

FIELDS = [
    "title",
    "company",
    "employment_type",
    "salary_min",
    "salary_max",
    "salary_currency",
    "salary_period",
    "description",
]


def form_for(job, by, **changes):
    data = {
        "title": job.title,
        "company": job.company_id,
        "employment_type": job.employment_type,
        "salary_min": str(job.salary_min),
        "salary_max": str(job.salary_max),
        "salary_currency": job.salary_currency,
        "salary_period": job.salary_period,
        "description": job.description,
        **changes,
    }
    form_class = modelform_factory(Job, form=JobForm, fields=FIELDS)
    form_class.by = by
    return form_class(data, instance=Job.objects.get(pk=job.pk))


def test_retyping_the_currency_in_lower_case_changes_nothing():
    job = JobFactory()
    form = form_for(job, EmployerFactory(company=job.company), salary_currency=" usd ")
    assert form.is_valid()
    assert form.changed_data == []
    assert form.cleaned_data["salary_currency"] == "USD"


def test_a_refused_salary_is_shown_on_its_field():
    job = JobFactory()
    form = form_for(job, ModeratorFactory(), salary_max="1111111000")
    assert not form.is_valid()
    assert [error.code for error in form.errors.as_data()["salary_max"]] == ["above_maximum"]


def test_a_flagged_salary_asks_the_employer_for_the_tick():
    job = JobFactory()
    flagged = {"salary_min": "15", "salary_max": "70", "salary_period": "hour"}
    form = form_for(job, EmployerFactory(company=job.company), **flagged)
    assert not form.is_valid()
    assert [error.code for error in form.errors.as_data()["salary_is_correct"]] == [
        "salary_unconfirmed"
    ]
    form = form_for(job, EmployerFactory(company=job.company), salary_is_correct="on", **flagged)
    assert form.is_valid()
    assert form.instance.salary_review == ReviewState.NEEDS_REVIEW
    assert form.instance.salary_employer_confirmed


def test_an_unchanged_salary_keeps_its_verdict():
    job = JobFactory(salary_review=ReviewState.REJECTED, salary_min=Decimal(100_000))
    form = form_for(job, EmployerFactory(company=job.company), title="Renamed")
    assert form.is_valid()
    assert form.instance.salary_review == ReviewState.REJECTED


def test_a_form_opened_at_an_older_version_is_refused():
    job = JobFactory()
    employer = EmployerFactory(company=job.company)
    form = form_for(job, employer, title="Mine", seen_version=str(job.version))
    assert form.is_valid()
    Job.objects.filter(pk=job.pk).update(version=job.version + 1)  # saved meanwhile elsewhere
    form = form_for(job, employer, title="Mine", seen_version=str(job.version))
    assert not form.is_valid()
    assert [error.code for error in form.non_field_errors().as_data()] == ["changed_since_seen"]
