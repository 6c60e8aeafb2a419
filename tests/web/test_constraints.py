from django.db.models import Q

from salaries.choices import PayPeriod
from web.constraints import one_of


def test_a_code_check_is_named_for_its_table_and_field():
    check = one_of("jobs_job", "salary_period", PayPeriod, "Unknown pay period.")
    assert check.name == "jobs_job_salary_period_valid"
    assert check.condition == Q(salary_period__in=["hour", "day", "week", "month", "year"])
    assert check.violation_error_message == "Unknown pay period."


def test_blank_lets_an_empty_code_through():
    check = one_of("jobs_job", "salary_period", PayPeriod, "Unknown pay period.", blank=True)
    assert check.condition == Q(salary_period__in=["", "hour", "day", "week", "month", "year"])
