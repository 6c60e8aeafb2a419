import xml.etree.ElementTree as ET
from datetime import datetime, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from jobs.models import Job
from tests.factories import JobFactory, PublishedJobFactory

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def rss_titles(client, params=None):
    response = client.get(reverse("jobs:feed_rss"), params or {})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = ET.fromstring(response.content).find("channel")
    return channel, [item.findtext("title") for item in channel.findall("item")]


def test_rss_lists_visible_jobs_newest_first_with_their_salary(client):
    PublishedJobFactory(
        title="Older",
        published_at=timezone.now() - timedelta(days=3),
        salary_min=Decimal(100_000),
        salary_max=Decimal(120_000),
    )
    PublishedJobFactory(
        title="Newer", salary_min=None, salary_max=None, salary_currency="", salary_period=""
    )
    JobFactory(title="Draft")
    PublishedJobFactory(title="Ended", expires_at=timezone.now() - timedelta(minutes=1))
    channel, titles = rss_titles(client)
    assert titles[0].startswith("Newer at ")
    assert titles[1].startswith("Older at ") and titles[1].endswith("(USD 100K - 120K)")
    assert len(titles) == 2
    item = channel.find("item")
    assert item.findtext("link").startswith("http://testserver/jobs/")
    assert item.findtext("pubDate")


def test_a_feed_is_a_saved_search(client):
    PublishedJobFactory(title="Remote FT", remote_policy="remote", employment_type="FT")
    PublishedJobFactory(title="Onsite FT", remote_policy="onsite", employment_type="FT")
    PublishedJobFactory(title="Remote PT", remote_policy="remote", employment_type="PT")
    channel, titles = rss_titles(client, {"remote": "remote", "employment_type": "FT"})
    assert [title.split(" at ")[0] for title in titles] == ["Remote FT"]
    assert "Workplace: Remote" in channel.findtext("title")
    assert (
        channel.find("{http://www.w3.org/2005/Atom}link")
        .get("href")
        .endswith("/jobs/feed/rss/?remote=remote&employment_type=FT")
    )
    assert "Remote\n" not in channel.find("item").findtext("description")
    assert channel.findtext("link").endswith("/jobs/?remote=remote&employment_type=FT")


def test_atom_feed_takes_the_same_filters(client):
    PublishedJobFactory(title="Senior", experience_level="SE")
    PublishedJobFactory(title="Junior", experience_level="EN")
    response = client.get(reverse("jobs:feed_atom"), {"experience_level": "SE"})
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    entries = feed.findall(f"{ATOM}entry")
    assert [entry.findtext(f"{ATOM}title").split(" at ")[0] for entry in entries] == ["Senior"]
    senior = Job.objects.get(title="Senior")
    updated = datetime.fromisoformat(entries[0].findtext(f"{ATOM}updated"))
    assert updated == senior.updated_at


@pytest.mark.parametrize(
    "params", [{"salary_min": "abc"}, {"employment_type": "XX"}, {"q": "\x00"}]
)
def test_a_feed_with_bad_filters_says_what_is_wrong(client, params):
    response = client.get(reverse("jobs:feed_rss"), params)
    assert response.status_code == 400
    assert "This feed cannot use these filters." in response.content.decode()


def test_a_salary_held_for_review_stays_out_of_the_feed(client):
    PublishedJobFactory(
        title="Held",
        salary_min=Decimal(500_000),
        salary_max=Decimal(900_000),
        salary_review="needs_review",
    )
    _, titles = rss_titles(client)
    assert titles == [titles[0]] and "(" not in titles[0]


def test_a_control_character_in_a_filter_value_does_not_break_the_feed(client):
    response = client.get("/jobs/feed/rss/", {"location": "\x1b"})
    assert response.status_code == 200
    assert b"Location: )" in response.content  # dropped: XML cannot hold it


def test_a_control_character_already_in_the_database_breaks_no_feed(client):
    """Issue 19: "Allora\x0bLabs" made /jobs/feed/rss/ and /atom/ answer 500. The models refuse
    it now; a row written before (or around the models) must still give a well-formed feed."""
    job = PublishedJobFactory(title="Research\x01 Engineer", description="Build \x08things.")
    type(job.company).objects.filter(pk=job.company.pk).update(name="Allora\x0bLabs")
    _, titles = rss_titles(client)
    assert [title.split(" (")[0] for title in titles] == ["Research Engineer at Allora Labs"]
    response = client.get(reverse("jobs:feed_atom"))
    assert response.status_code == 200
    entry = ET.fromstring(response.content).find(f"{ATOM}entry")
    assert entry.find(f"{ATOM}author").findtext(f"{ATOM}name") == "Allora Labs"
