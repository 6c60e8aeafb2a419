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
