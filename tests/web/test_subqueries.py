import pytest
from django.db.models.functions import Coalesce

from jobs.models import Company, Job
from tests.factories import CompanyFactory, JobFactory
from web.subqueries import count_of

pytestmark = pytest.mark.django_db


def test_each_row_gets_the_count_of_rows_pointing_at_it_and_none_where_there_are_none():
    two, one, none = CompanyFactory(name="Two"), CompanyFactory(name="One"), CompanyFactory()
    JobFactory.create_batch(2, company=two)
    JobFactory(company=one)
    counted = Company.objects.annotate(n=count_of(Job.objects.all(), per="company"))
    assert {company.pk: company.n for company in counted} == {two.pk: 2, one.pk: 1, none.pk: None}
    counted = Company.objects.annotate(n=Coalesce(count_of(Job.objects.all(), per="company"), 0))
    assert counted.get(pk=none.pk).n == 0


def test_the_count_honours_the_queryset_it_is_given():
    company = CompanyFactory()
    kept = JobFactory(company=company, title="Kept")
    JobFactory(company=company, title="Left out")
    jobs = Job.objects.filter(pk=kept.pk)
    assert Company.objects.annotate(n=count_of(jobs, per="company")).get().n == 1
