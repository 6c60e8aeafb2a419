import re

import pytest

from tests.factories import (
    FeaturedJobFactory,
    PublishedArticleFactory,
    PublishedJobFactory,
    RoleFactory,
    SalaryRecordFactory,
)

pytestmark = pytest.mark.django_db


def test_home_page_shows_featured_and_latest_jobs_insights_and_articles(client):
    FeaturedJobFactory(title="Lead Developer (AI)")
    PublishedJobFactory(title="Plain Listing")
    role = RoleFactory(name="Data Engineer")
    for amount in range(100_000, 160_000, 10_000):
        SalaryRecordFactory(role=role, amount_min=amount)
    PublishedArticleFactory(title="How we catch a USD 1111111K salary")
    response = client.get("/")
    assert response.status_code == 200
    assert [job.title for job in response.context["featured_jobs"]] == ["Lead Developer (AI)"]
    # Latest jobs are the rest: the featured one is not shown twice.
    assert [job.title for job in response.context["latest_jobs"]] == ["Plain Listing"]
    html = response.content.decode()
    assert "Data Engineer" in html and "USD 125K" in html and "6 data points" in html
    assert "How we catch a USD 1111111K salary" in html
    for link in ['href="/jobs/"', 'href="/salaries/"', 'href="/articles/"']:
        assert link in html


def test_home_page_works_empty(client):
    html = client.get("/").content.decode()
    assert "No featured jobs right now." in html
    assert "No salary data yet." in html


def test_home_query_count_does_not_grow(client, django_assert_max_num_queries):
    FeaturedJobFactory.create_batch(3)
    with django_assert_max_num_queries(8):
        client.get("/")
    FeaturedJobFactory.create_batch(6)
    with django_assert_max_num_queries(8):
        client.get("/")


def test_static_files_are_local(client):
    html = client.get("/").content.decode()
    assert "/static/css/site.css" in html
    assert "https://" not in html.split("<body>")[0]  # no CDN, no web font in the head


def test_unknown_pages_get_the_sites_own_404(client):
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Page not found" in html and 'href="/jobs/"' in html
    assert client.get("/jobs/", {"page": "999"}).status_code == 404


def title_case_headings(html: str, *, titles: set[str]) -> list[str]:
    """Headings of two words or more with every word capitalised ("Featured Jobs"), apart from
    the names of things (a job's or an article's title), which keep their own case."""
    found = []
    for inner in re.findall(r"<h[1-6][^>]*>(.*?)</h[1-6]>", html, re.S):
        if re.fullmatch(r"\s*<a [^>]*>.*</a>\s*", inner, re.S):
            continue  # a card's title: a name
        heading = " ".join(re.sub(r"<[^>]+>", "", inner).split())
        words = [word for word in heading.split() if word.isalpha()]
        if heading not in titles and len(words) > 1 and all(w[0].isupper() for w in words):
            found.append(heading)
    return found


def test_headings_are_in_sentence_case_on_every_page(client):
    """Issue 12: "Featured Jobs" beside "Latest jobs": one style, sentence case, everywhere."""
    role = RoleFactory(name="Data Engineer")
    for amount in range(100_000, 160_000, 10_000):
        SalaryRecordFactory(role=role, amount_min=amount)
    job = FeaturedJobFactory(title="Lead Developer", role=role)
    PublishedJobFactory(title="Plain Listing", role=role)
    article = PublishedArticleFactory(title="What Engineers Earn")
    article.roles.add(role)
    titles = {job.title, article.title, f"About {job.company.name}"}
    pages = ["/", "/jobs/", job.get_absolute_url(), article.get_absolute_url(), "/salaries/"]
    for url in pages:
        html = client.get(url).content.decode()
        assert title_case_headings(html, titles=titles) == [], url
    home = client.get("/").content.decode()
    for heading in ("Featured jobs", "Latest jobs", "Salary insights", "Latest articles"):
        assert f">{heading}</h2>" in home
