from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from jobs.models import Job
from salaries.choices import ReviewState
from salaries.fields import copy_accepted_salary
from salaries.models import SalaryRecord
from salaries.validation import SalaryRange
from tests.factories import PublishedJobFactory, SalaryRecordFactory, SalarySourceFactory

pytestmark = pytest.mark.django_db


def test_each_model_keeps_the_salary_under_its_own_field_names():
    assert Job.salary.names["amount_min"] == "salary_min"
    assert Job.salary.names["review_state"] == "salary_review"
    assert "annual_usd" not in Job.salary.names  # a job keeps no midpoint of its own
    assert SalaryRecord.salary.names["amount_min"] == "amount_min"
    for model in (Job, SalaryRecord):
        for name in model.salary.names.values():
            assert model._meta.get_field(name)


def test_the_salary_reads_as_a_range_and_an_optional_one_may_be_left_out():
    record = SalaryRecordFactory.build(amount_min=Decimal(1), amount_max=Decimal(2))
    assert record.salary == SalaryRange(Decimal(1), Decimal(2), "USD", "year")
    job = Job(salary_min=None, salary_max=None)
    assert job.salary is None


def test_a_change_of_figures_or_peers_calls_for_a_new_verdict():
    assert Job.salary.judged_on == {
        "salary_min",
        "salary_max",
        "salary_currency",
        "salary_period",
        "role",
        "country",
        "employment_type",
    }


def test_the_checks_keep_their_database_names():
    names = {constraint.name for constraint in Job._meta.constraints}
    assert {"jobs_job_salary_complete_or_empty", "jobs_job_salary_review_valid"} <= names
    names = {constraint.name for constraint in SalaryRecord._meta.constraints}
    assert {"salaries_record_amount_positive", "salaries_record_midpoint_in_range"} <= names


def test_a_half_given_salary_is_refused_by_the_database():
    job = PublishedJobFactory()
    with pytest.raises(IntegrityError, match="jobs_job_salary_complete_or_empty"):
        with transaction.atomic():
            Job.objects.filter(pk=job.pk).update(salary_currency="")


def test_a_published_salary_becomes_an_accepted_point_with_its_peers():
    job = PublishedJobFactory(
        salary_min=Decimal(100_000),
        salary_max=Decimal(130_000),
        country="US",
        employment_type="PT",
        salary_review=ReviewState.ACCEPTED,
        salary_review_reasons="wide_range",
    )
    record = SalaryRecord(source=SalarySourceFactory(), review_state=ReviewState.NEEDS_REVIEW)
    copy_accepted_salary(job, record)
    assert record.salary == job.salary
    assert (record.role_id, str(record.country), record.employment_type) == (
        job.role_id,
        "US",
        "PT",
    )
    assert (record.annual_usd_min, record.annual_usd, record.annual_usd_max) == (
        100_000,
        115_000,
        130_000,
    )
    assert (record.review_state, record.review_reasons) == (ReviewState.ACCEPTED, "")
