import json

import pytest
from django.test import RequestFactory

from jobs.structured_data import job_posting, job_posting_data
from salaries.choices import EmploymentType
from tests.factories import CompanyFactory, PublishedJobFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def request_():
    return RequestFactory().get("/")


@pytest.mark.parametrize(
    "code, google",
    [
        ("FT", "FULL_TIME"),
        ("PT", "PART_TIME"),
        ("CT", "CONTRACTOR"),
        ("FL", "CONTRACTOR"),
        ("IN", "INTERN"),
    ],
)
def test_every_employment_type_has_a_google_value(request_, code, google):
    assert {choice.value for choice in EmploymentType} == {"FT", "PT", "CT", "FL", "IN"}
    job = PublishedJobFactory(employment_type=code)
    assert job_posting_data(job, request_)["employmentType"] == google


def test_remote_anywhere_is_telecommute_without_a_country(request_):
    job = PublishedJobFactory(remote_policy="remote", country="", location="")
    data = job_posting_data(job, request_)
    assert data["jobLocationType"] == "TELECOMMUTE"
    assert "applicantLocationRequirements" not in data and "jobLocation" not in data


def test_hybrid_jobs_have_a_place_not_telecommute(request_):
    job = PublishedJobFactory(remote_policy="hybrid", country="GB", location="London")
    data = job_posting_data(job, request_)
    assert "jobLocationType" not in data
    assert data["jobLocation"]["address"]["addressLocality"] == "London"


def test_the_company_website_is_its_same_as(request_):
    job = PublishedJobFactory(company=CompanyFactory(website="https://acme.example"))
    assert job_posting_data(job, request_)["hiringOrganization"]["sameAs"] == "https://acme.example"


def test_the_text_has_no_characters_that_end_a_script(request_):
    job = PublishedJobFactory(title="</script><!-- & -->", description="<b>&</b>")
    text = str(job_posting(job, request_))
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text)["title"] == "</script><!-- & -->"
