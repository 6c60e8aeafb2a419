"""SQL queries per endpoint, pinned, with a cold cache, and the same for a page of 1 row as for a
page of 100: no answer's count grows with its rows."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import PublishedArticleFactory, PublishedJobFactory

pytestmark = pytest.mark.django_db

# URL: at most this many queries (salary figures are read from their table, salaries/figures.py).
QUERIES = {
    "/api/v1/jobs/": 2,  # the page, its tags
    # + role, company, and on PostgreSQL the tag's slug (its lexeme in the listing's document)
    "/api/v1/jobs/?role=data-engineer&company=acme-data&tag=python&q=lead": 5,
    "/api/v1/jobs/?ordering=salary_desc": 2,
    "/api/v1/jobs/lead-data-engineer-acme-data/": 2,
    "/api/v1/companies/": 1,
    "/api/v1/companies/acme-data/": 1,
    "/api/v1/roles/": 2,  # the roles, their figures
    "/api/v1/roles/data-engineer/": 3,  # the role, its countries and years, its figures
    "/api/v1/roles/data-engineer/?country=US&experience_level=SE": 3,
    # the role, one rank COUNT
    "/api/v1/roles/data-engineer/position/?amount=150000&country=US&experience_level=SE": 2,
    "/api/v1/articles/": 1,
    "/api/v1/articles/?role=data-engineer&tag=pay": 3,  # + the role and the topic
    "/api/v1/articles/pay-of-data-engineers/": 3,  # the article, its roles, its tags
    "/jobs/feed/indeed.xml": 1,
}


def count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, {"page_size": 100} if "?" not in url else None)
        assert response.status_code == 200, url
        if response.streaming:
            b"".join(response.streaming_content)
    return len(queries)


@pytest.mark.parametrize("url", QUERIES)
def test_queries_per_endpoint(client, board, unthrottled, url, django_assert_max_num_queries):
    with django_assert_max_num_queries(QUERIES[url]):
        response = client.get(url)
        assert response.status_code == 200
        if response.streaming:
            b"".join(response.streaming_content)


def test_no_count_grows_with_the_rows(client, board, unthrottled):
    before = {url: count(client, url) for url in QUERIES}
    for index in range(30):
        job = PublishedJobFactory(title=f"Lead Extra {index}", company=board.shown[0].company)
        job.tags.add("python", f"extra-{index}")
        PublishedArticleFactory(title=f"Extra article {index}")
    cache.clear()
    assert {url: count(client, url) for url in QUERIES} == before
