"""Every field the API gives, held against the public page of the same object: the API shows
what the page shows and nothing more. Each test lists the fields it checks and fails when the
API gives one it does not, so a new field cannot slip out unchecked."""

import json
import re
from datetime import datetime

import pytest
from django.urls import reverse

from jobs.models import RemotePolicy
from tests.factories import PublishedJobFactory
from tests.xss_corpus import parse

pytestmark = pytest.mark.django_db

JOB_LIST_FIELDS = {
    "slug",
    "title",
    "url",
    "company",
    "role",
    "location",
    "country",
    "remote",
    "employment_type",
    "experience_level",
    "salary",
    "tags",
    "featured",
    "published_at",
}
JOB_DETAIL_FIELDS = JOB_LIST_FIELDS | {"expires_at", "apply_url", "description_html"}
# Model fields the page never shows: none may appear under any name.
UNSHOWN_JOB_VALUES = (
    "status",
    "salary_review",
    "salary_review_reasons",
    "salary_review_note",
    "salary_employer_confirmed",
    "salary_reviewed_by",
    "reviewed_by",
    "review_reason",
    "created_by",
    "submitted_at",
    "salary_annual_usd_min",
    "salary_record",
    "updated_at",
)
LABELS = {
    "remote": {"onsite": "On-site", "hybrid": "Hybrid", "remote": "Remote"},
    "employment_type": {"FT": "Full Time", "PT": "Part Time", "CT": "Contract"},
    "experience_level": {"SE": "Senior-level / Expert", "MI": "Mid-level / Intermediate"},
}


def api(client, name, **kwargs):
    response = client.get(reverse(f"api:{name}", kwargs=kwargs or None))
    assert response.status_code == 200
    return response.json()


def page_of(client, url):
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    return html, parse(html)


def times(page) -> list[datetime]:
    return [
        datetime.fromisoformat(attrs["datetime"]) for tag, attrs in page.elements if tag == "time"
    ]


def when(value: str) -> datetime:
    return datetime.fromisoformat(value)


def test_each_job_field_is_on_its_page(client, board):
    listed = {job["slug"]: job for job in api(client, "job_list")["results"]}
    for job in board.shown:
        data = api(client, "job_detail", slug=job.slug)
        assert set(data) == JOB_DETAIL_FIELDS
        assert set(listed[job.slug]) == JOB_LIST_FIELDS
        assert {key: data[key] for key in JOB_LIST_FIELDS if key != "company"} == {
            key: value for key, value in listed[job.slug].items() if key != "company"
        }
        html, page = page_of(client, data["url"].removeprefix("http://testserver"))
        text = page.text
        links = [attrs.get("href") for tag, attrs in page.elements if tag == "a"]

        assert data["url"] == f"http://testserver/jobs/{data['slug']}/"
        assert f'<link rel="canonical" href="{data["url"]}">' in html
        assert f"<h1>{data['title']}</h1>" in html
        company = data["company"]
        assert f"/companies/{company['slug']}/" in links  # the company's page
        assert f"About {company['name']}" in text
        assert company["description"] in text
        if company["website"]:
            assert company["website"] in links
        if data["role"]:
            assert f"/salaries/{data['role']['slug']}/" in links
            assert f"View salary info for {data['role']['name']} (global)" in text
        else:
            assert "View salary info" not in text
        posting = json.loads(re.search(r'ld\+json" nonce="[^"]*">(.*?)</script>', html).group(1))
        if data["location"]:
            assert data["location"] in text
        if data["country"]:
            # Printed when there is no location; always in the page's JobPosting.
            place = posting.get("jobLocation", {}).get("address", {}).get("addressCountry")
            remote_in = posting.get("applicantLocationRequirements", {}).get("name")
            assert data["country"]["code"] in (place, remote_in)
            assert data["location"] or data["country"]["name"] in text
        assert f"Workplace{LABELS['remote'][data['remote']]}" in text  # the "Workplace" fact
        assert LABELS["employment_type"][data["employment_type"]] in text
        level = data["experience_level"]
        assert (LABELS["experience_level"][level] if level else "Not stated") in text
        if data["salary"]:
            assert f'<strong class="salary">{data["salary"]["text"]}</strong>' in html
            value = posting["baseSalary"]["value"]
            assert (value["minValue"], value["maxValue"]) == (
                data["salary"]["minimum"],
                data["salary"]["maximum"],
            )
            assert posting["baseSalary"]["currency"] == data["salary"]["currency"]
            assert value["unitText"].lower() == data["salary"]["period"]
        else:
            assert 'class="salary"' not in html
        for tag in data["tags"]:
            assert f"/jobs/?tag={tag['slug']}" in links
            assert tag["name"] in text
        assert ('<p class="badge">Featured</p>' in html) == data["featured"]
        assert [when(data["published_at"]), when(data["expires_at"])] == times(page)
        assert data["apply_url"] in links
        assert data["description_html"] in html


def test_a_salary_held_for_review_is_in_no_answer(client, board):
    flagged = board.shown[3]
    assert flagged.salary_review == "needs_review"
    data = api(client, "job_detail", slug=flagged.slug)
    assert data["salary"] is None
    html, _ = page_of(client, flagged.get_absolute_url())
    assert "Being checked by a moderator" in html  # the page shows no figure either
    everything = json.dumps(
        [api(client, "job_list"), data, api(client, "role_detail", slug="data-engineer")]
    )
    assert "900000" not in everything and "900,000" not in everything
    assert "900K" not in everything


def test_no_employer_or_moderator_field_under_any_name(client, board):
    answers = [api(client, "job_list"), api(client, "company_list")]
    answers += [api(client, "job_detail", slug=job.slug) for job in board.shown]
    answers += [api(client, "company_detail", slug=slug) for slug in ("acme-data", "beta-labs")]

    def keys(value):
        if isinstance(value, dict):
            return set(value) | {key for item in value.values() for key in keys(item)}
        if isinstance(value, list):
            return {key for item in value for key in keys(item)}
        return set()

    found = set().union(*(keys(answer) for answer in answers))
    assert not found & set(UNSHOWN_JOB_VALUES)
    assert not found & {"members", "memberships", "user", "email", "apply_email", "aliases"}


def test_each_company_field_is_on_the_pages(client, board):
    for company in api(client, "company_list")["results"]:
        assert set(company) == {"name", "slug", "description", "website", "open_jobs"}
        html, page = page_of(client, f"/jobs/?company={company['slug']}")
        assert f"{company['open_jobs']} jobs" in page.text
        job = next(job for job in board.shown if job.company.slug == company["slug"])
        _, job_page = page_of(client, job.get_absolute_url())
        assert f"About {company['name']}" in job_page.text
        assert company["description"] in job_page.text
        assert company["website"] == job.company.website_href


def test_each_role_field_is_on_the_salary_list(client, board):
    _, page = page_of(client, "/salaries/")
    for role in api(client, "role_list")["results"]:
        assert set(role) == {"name", "slug", "url", "n", "p10", "p25", "median", "p75", "p90"}
        assert role["url"] == f"http://testserver/salaries/{role['slug']}/"
        row = re.search(
            rf"{re.escape(role['name'])}\s*([\d.]+)K\s*([\d.]+)K–([\d.]+)K\s*(\d+)",
            page.text,
        )
        assert row, role["name"]
        shown = [float(figure) * 1000 for figure in row.groups()[:3]]
        assert shown == pytest.approx([role["median"], role["p25"], role["p75"]], abs=50)
        assert int(row.group(4)) == role["n"]
        # p10 and p90 are on the role's own page, from the same cached figures.
        figures = client.get(f"/salaries/{role['slug']}.json").json()
        assert (figures["p10"], figures["p90"]) == (role["p10"], role["p90"])


ARTICLE_LIST_FIELDS = {"slug", "title", "url", "summary", "author", "published_at"}
ARTICLE_LIST_FIELDS |= {"reading_minutes"}
ARTICLE_DETAIL_FIELDS = ARTICLE_LIST_FIELDS | {"updated_at", "contents", "body_html", "tags"}
ARTICLE_DETAIL_FIELDS |= {"roles"}


def test_each_article_field_is_on_its_page(client, board):
    _, list_page = page_of(client, "/articles/")
    for listed in api(client, "article_list")["results"]:
        assert set(listed) == ARTICLE_LIST_FIELDS
        assert listed["title"] in list_page.text and listed["summary"] in list_page.text
        assert f"{listed['reading_minutes']} min read" in list_page.text
        data = api(client, "article_detail", slug=listed["slug"])
        assert set(data) == ARTICLE_DETAIL_FIELDS
        assert {key: data[key] for key in ARTICLE_LIST_FIELDS} == listed
        html, page = page_of(client, data["url"].removeprefix("http://testserver"))
        links = [attrs.get("href") for tag, attrs in page.elements if tag == "a"]
        assert f'<h1 id="article-heading">{data["title"]}</h1>' in html
        assert f'<meta property="og:description" content="{data["summary"]}">' in html
        assert f"by {data['author']}" in page.text
        assert f"{data['reading_minutes']} min read" in page.text
        assert times(page)[0] == when(data["published_at"])  # then related articles' dates
        modified = re.search(r'article:modified_time" content="([^"]+)"', html).group(1)
        assert when(modified) == when(data["updated_at"])
        for entry in data["contents"]:
            assert f"#{entry['anchor']}" in links and entry["title"] in page.text
            for child in entry["children"]:
                assert f"#{child['anchor']}" in links and child["title"] in page.text
        assert data["body_html"] in html
        for tag in data["tags"]:
            assert f"/articles/?tag={tag['slug']}" in links and tag["name"] in page.text
        for role in data["roles"]:
            assert f"/salaries/{role['slug']}/" in links
            assert f"View salary info for {role['name']} (global)" in page.text


def test_a_jobs_country_is_its_code_and_name(client):
    PublishedJobFactory(slug="in-germany", country="DE", location="")
    PublishedJobFactory(slug="anywhere", country="", remote_policy=RemotePolicy.REMOTE)
    countries = {job["slug"]: job["country"] for job in api(client, "job_list")["results"]}
    assert countries == {"in-germany": {"code": "DE", "name": "Germany"}, "anywhere": None}
