"""The XSS corpus through the API (tests/xss_corpus.py, as tests/jobboard/test_xss.py uses it):
every hostile string comes back as the exact text stored, in JSON no browser takes for HTML, and
the HTML fields are the sanitised HTML the pages print, inert."""

import json
from urllib.parse import quote

import pytest
from django.db import transaction
from django.urls import reverse

from tests.xss_corpus import (
    DANGEROUS_SCHEMES,
    PAYLOADS,
    URL_PAYLOADS,
    dangers,
    hostile_site,
    unescaped,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def site(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        yield hostile_site()
        transaction.set_rollback(True)


def answer(client, url, *, status=200):
    response = client.get(url)
    assert response.status_code == status, url
    # JSON, and a browser may not guess otherwise.
    assert response["Content-Type"] == "application/json"
    assert response["X-Content-Type-Options"] == "nosniff"
    body = response.content.decode()
    # JavaScript's line terminators escaped, so the JSON is also valid JavaScript.
    assert "\u2028" not in body and "\u2029" not in body
    return json.loads(body)


def every(client, name):
    data = answer(client, reverse(f"api:{name}") + "?page_size=100")
    assert data["next"] is None
    return data["results"]


def test_jobs_give_back_every_payload_as_text(client, site, unthrottled):
    listed = every(client, "job_list")
    assert {job["title"] for job in listed} == set(PAYLOADS)
    for job in site.jobs:
        data = answer(client, reverse("api:job_detail", kwargs={"slug": job.slug}))
        assert data["title"] == job.title
        assert data["location"] == job.location
        assert data["company"]["name"] == job.company.name
        assert data["company"]["description"] == job.company.description
        assert data["role"]["name"] == job.role.name
        assert [tag["name"] for tag in data["tags"]] == [job.title]
        # The HTML the job page prints, sanitised once when saved: inert, no live link.
        assert data["description_html"] == job.description_html
        assert dangers(data["description_html"]) == [], job.title
        page = client.get(job.get_absolute_url()).content.decode()
        assert data["description_html"] in page
        for url in (data["apply_url"], data["company"]["website"]):
            assert not DANGEROUS_SCHEMES.match(url), url
        assert data["company"]["website"] in URL_PAYLOADS


def test_articles_give_back_every_payload_as_text(client, site, unthrottled):
    assert {article["title"] for article in every(client, "article_list")} == set(PAYLOADS)
    for article in site.articles:
        data = answer(client, reverse("api:article_detail", kwargs={"slug": article.slug}))
        assert (data["title"], data["summary"], data["author"]) == (article.title,) * 3
        assert [tag["name"] for tag in data["tags"]] == [article.title]
        assert data["contents"] == article.contents  # what the contents box prints, as text
        assert data["body_html"] == article.body_html
        assert dangers(data["body_html"]) == []
        assert "click me" in data["body_html"]  # the Markdown links' text stays, as text
        assert unescaped(data["body_html"]) == []


def test_roles_and_companies_give_back_every_payload_as_text(client, site, unthrottled):
    assert {role["name"] for role in every(client, "role_list")} == set(PAYLOADS)
    assert {company["name"] for company in every(client, "company_list")} == set(PAYLOADS)
    for role in site.roles:
        data = answer(client, reverse("api:role_detail", kwargs={"slug": role.slug}))
        assert data["name"] == role.name


def test_hostile_query_strings_come_back_as_json_text(client, site, unthrottled):
    for payload in [*PAYLOADS, *URL_PAYLOADS]:
        value = quote(payload, safe="")
        errors = answer(client, f"/api/v1/jobs/?experience_level={value}&role={value}", status=400)
        assert set(errors["errors"]) == {"experience_level", "role"}
        answer(client, f"/api/v1/companies/?page_size={value}", status=400)
        answer(client, f"/api/v1/jobs/?cursor={value}", status=404)
        answer(client, f"/api/v1/articles/?tag={value}", status=400)
        answer(client, f"/api/v1/roles/{site.roles[0].slug}/?country={value}", status=400)
        # A search for the payload finds the job that holds it, and no other.
        if payload in PAYLOADS and "\u2028" not in payload:
            found = answer(client, f"/api/v1/jobs/?location={value}")["results"]
            assert payload in [job["location"] for job in found]
