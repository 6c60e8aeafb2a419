"""/jobs/feed/indeed.xml: the document job aggregators read, job by job against the jobs."""

import xml.etree.ElementTree as ET
from datetime import timedelta
from decimal import Decimal
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit

import pytest
from django.urls import reverse
from django.utils import timezone

from jobs.indeed_feed import city_and_state
from jobs.models import Job
from tests.factories import FeaturedJobFactory, JobFactory, PublishedJobFactory, RoleFactory

pytestmark = pytest.mark.django_db

# Every job carries these, never empty.
REQUIRED = ("title", "date", "referencenumber", "url", "company", "description", "jobtype")
# These only where the job says: an empty element would tell an aggregator something false.
WHERE_KNOWN = ("city", "state", "country", "postalcode", "salary", "category", "experience")
ORDER = (
    "title date referencenumber url company city state country postalcode description salary "
    "jobtype category experience remotetype"
).split()


def feed(client, params=None, *, status=200):
    response = client.get(reverse("jobs:feed_indeed"), params or {})
    assert response.status_code == status
    if status != 200:
        return response
    assert response["Content-Type"] == "application/xml; charset=utf-8"
    return ET.fromstring(b"".join(response.streaming_content))


def jobs_of(source) -> dict[str, ET.Element]:
    return {job.findtext("referencenumber"): job for job in source.findall("job")}


@pytest.fixture
def jobs():
    role = RoleFactory(name="Data Engineer")
    return [
        FeaturedJobFactory(
            title="Pipeline Engineer",
            role=role,
            location="Galveston, TX",
            country="US",
            experience_level="SE",
            salary_min=Decimal(120_000),
            salary_max=Decimal(160_000),
            description="## About\n\nBuild **pipelines**.",
        ),
        PublishedJobFactory(
            title="Remote Contractor",
            role=None,
            location="",
            country="",
            remote_policy="remote",
            employment_type="CT",
            experience_level="",
            salary_min=None,
            salary_max=None,
            salary_currency="",
            salary_period="",
            published_at=timezone.now() - timedelta(days=3),
        ),
        PublishedJobFactory(
            title="Hybrid Hourly",
            location="Berlin",
            country="DE",
            remote_policy="hybrid",
            employment_type="PT",
            salary_min=Decimal(60),
            salary_max=Decimal(80),
            salary_period="hour",
            salary_annual_usd_min=124_800,  # 2,080 hours a year
            salary_annual_usd_max=166_400,
            published_at=timezone.now() - timedelta(days=2),
        ),
    ]


def test_every_job_has_every_required_element_and_the_source_its_header(client, jobs):
    before = timezone.now().replace(microsecond=0)
    source = feed(client)
    assert source.tag == "source"
    assert source.findtext("publisher") == "Jobboard"
    assert source.findtext("publisherurl") == "http://testserver/"
    assert parsedate_to_datetime(source.findtext("lastBuildDate")) >= before
    elements = source.findall("job")
    assert len(elements) == len(jobs)
    for element in elements:
        names = [child.tag for child in element]
        for name in REQUIRED:
            assert (element.findtext(name) or "").strip(), (name, names)
        assert names == [name for name in ORDER if name in names]  # Indeed's order, no stray tag
        assert all(element.findtext(name) for name in WHERE_KNOWN if name in names)
        job = Job.objects.get(slug=element.findtext("referencenumber"))
        assert element.findtext("title") == job.title
        assert element.findtext("company") == job.company.name
        assert parsedate_to_datetime(element.findtext("date")) == job.published_at.replace(
            microsecond=0
        )
        url = urlsplit(element.findtext("url"))
        assert (url.scheme, url.netloc, url.path) == ("http", "testserver", job.get_absolute_url())
        assert client.get(url.path).status_code == 200
        assert element.findtext("description") == job.description_html


def test_each_job_says_what_it_knows_in_indeeds_words(client, jobs):
    by_slug = jobs_of(feed(client))
    engineer, contractor, hybrid = (by_slug[job.slug] for job in jobs)
    assert [engineer.findtext(name) for name in ("city", "state", "country")] == [
        "Galveston",
        "TX",
        "US",
    ]
    assert engineer.findtext("salary") == "USD 120K - 160K"
    assert engineer.findtext("jobtype") == "fulltime"
    assert engineer.findtext("category") == "Data Engineer"
    assert engineer.findtext("experience") == "Senior-level / Expert"
    assert engineer.find("remotetype") is None
    assert "<strong>pipelines</strong>" in engineer.findtext("description")
    # Nothing known, nothing said: no empty place, salary, category or level.
    assert [child.tag for child in contractor if child.tag in WHERE_KNOWN] == []
    assert contractor.findtext("jobtype") == "contract"
    assert contractor.findtext("remotetype") == "Fully remote"
    assert (hybrid.findtext("city"), hybrid.find("state")) == ("Berlin", None)
    assert hybrid.findtext("salary") == "USD 60 - 80 / hour (about USD 125K - 166K a year)"
    assert (hybrid.findtext("jobtype"), hybrid.findtext("remotetype")) == (
        "parttime",
        "Hybrid remote",
    )
    assert all(element.find("postalcode") is None for element in by_slug.values())


def test_newest_first_and_only_what_the_board_shows(client, jobs):
    JobFactory(title="Draft")
    PublishedJobFactory(title="Pending", status="pending")
    PublishedJobFactory(title="Starts tomorrow", published_at=timezone.now() + timedelta(days=1))
    held = PublishedJobFactory(title="Held salary", salary_review="needs_review")
    titles = [job.findtext("title") for job in feed(client).findall("job")]
    assert titles == ["Held salary", "Pipeline Engineer", "Hybrid Hourly", "Remote Contractor"]
    # A salary a moderator has yet to confirm is not shown here either.
    assert jobs_of(feed(client))[held.slug].find("salary") is None


def test_a_job_leaves_the_feed_the_second_it_ends(client, jobs, monkeypatch):
    ends = timezone.now() + timedelta(hours=1)
    Job.objects.filter(pk=jobs[0].pk).update(expires_at=ends)
    monkeypatch.setattr(timezone, "now", lambda: ends - timedelta(microseconds=1))
    assert jobs[0].slug in jobs_of(feed(client))
    monkeypatch.setattr(timezone, "now", lambda: ends)  # no expire_jobs run: the clock alone
    assert jobs[0].slug not in jobs_of(feed(client))
    assert len(jobs_of(feed(client))) == len(jobs) - 1


def test_the_filters_of_the_job_list(client, jobs):
    def titles(params):
        return [job.findtext("title") for job in feed(client, params).findall("job")]

    assert titles({"remote": ["remote", "hybrid"]}) == ["Hybrid Hourly", "Remote Contractor"]
    assert titles({"employment_type": "FT", "has_salary": "1"}) == ["Pipeline Engineer"]
    assert titles({"role": "data-engineer"}) == ["Pipeline Engineer"]
    assert titles({"featured": "1", "country": "US"}) == ["Pipeline Engineer"]
    assert titles({"salary_min": "150000"}) == ["Pipeline Engineer", "Hybrid Hourly"]
    assert titles({"salary_min": "165000"}) == ["Hybrid Hourly"]


def test_a_filter_it_cannot_use_answers_400_saying_which(client, jobs):
    response = feed(client, {"experience_level": "XX", "role": "nobody"}, status=400)
    assert response["Content-Type"].startswith("text/plain")
    text = response.content.decode()
    assert "experience_level:" in text and "role:" in text


@pytest.mark.parametrize(
    ("location", "city", "state"),
    [
        ("Galveston, TX", "Galveston", "TX"),
        ("San Francisco", "San Francisco", ""),
        ("  Austin ,  Texas, USA ", "Austin", "Texas, USA"),
        ("", "", ""),
    ],
)
def test_city_and_state(location, city, state):
    assert city_and_state(location) == (city, state)


def test_a_control_character_already_in_the_database_breaks_nothing(client):
    """Issue 19: one company name with a vertical tab must not end the stream half-way."""
    job = PublishedJobFactory(title="Research\x01 Engineer", location="Galveston,\x0bTX")
    type(job.company).objects.filter(pk=job.company.pk).update(name="Allora\x0bLabs")
    [element] = feed(client).findall("job")
    assert element.findtext("company") == "Allora Labs"
    assert element.findtext("title") == "Research Engineer"
    assert element.findtext("state") == "TX"
