"""Keyset cursors: every row once, in the list's own order (nulls and ties included), both ways,
unmoved by rows added meanwhile, with no OFFSET at any depth."""

import base64
import json
from datetime import timedelta
from decimal import Decimal
from urllib.parse import parse_qs, urlsplit

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from jobs.filters import JobFilter
from jobs.models import Job
from salaries.figures import role_summaries
from salaries.filters import RoleFilter
from salaries.models import Role
from tests.factories import PublishedJobFactory, RoleFactory, SalaryRecordFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def jobs():
    """Salaries with ties and gaps, and publication times with ties, so every key matters."""
    moment = timezone.now() - timedelta(hours=1)
    made = []
    for index, salary in enumerate([100, 150, None, 150, 100, None, 200, 150, None, 120]):
        made.append(
            PublishedJobFactory(
                title=f"Job {index}",
                published_at=moment - timedelta(minutes=index // 3),  # three share each minute
                salary_min=None if salary is None else Decimal(salary * 1000),
                salary_max=None if salary is None else Decimal(salary * 1000),
                salary_currency="" if salary is None else "USD",
                salary_period="" if salary is None else "year",
            )
        )
    return made


def walk(client, url, params, *, direction="next"):
    data = client.get(url, params).json()
    pages = [[row["slug"] for row in data["results"]]]
    while data[direction]:
        response = client.get(data[direction])
        assert response.status_code == 200
        data = response.json()
        pages.append([row["slug"] for row in data["results"]])
    return pages, data


@pytest.mark.parametrize("ordering", ["", "newest", "salary_desc", "salary_asc"])
@pytest.mark.parametrize("size", [1, 3, 4])
def test_every_job_once_in_the_filtersets_order(client, jobs, ordering, size, unthrottled):
    expected = [
        job.slug for job in JobFilter({"ordering": ordering}, queryset=Job.objects.visible()).qs
    ]
    params = {"ordering": ordering, "page_size": size}
    pages, last = walk(client, reverse("api:job_list"), params)
    assert [slug for page in pages for slug in page] == expected
    assert all(len(page) == size for page in pages[:-1])
    # And back again from the last page, page by page.
    data = last
    back = [[row["slug"] for row in data["results"]]]
    while data["previous"]:
        data = client.get(data["previous"]).json()
        back.append([row["slug"] for row in data["results"]])
    assert back[::-1] == pages


def test_jobs_added_meanwhile_move_no_page(client, jobs, unthrottled):
    url = reverse("api:job_list")
    first = client.get(url, {"ordering": "salary_desc", "page_size": 4}).json()
    seen = [row["slug"] for row in first["results"]]
    # A newer job and a better-paid one: both belong before the cursor, so they are not repeated
    # nor do they push an unseen job out of the next page.
    PublishedJobFactory(title="Newest", salary_min=Decimal(500_000), salary_max=Decimal(500_000))
    rest, _ = walk(client, first["next"], {})
    after = [slug for page in rest for slug in page]
    assert not set(seen) & set(after)
    assert sorted(seen + after) == sorted(job.slug for job in jobs)


def test_deep_pages_read_no_offset(client, jobs, unthrottled):
    data = client.get(reverse("api:job_list"), {"page_size": 1, "ordering": "salary_asc"}).json()
    for _ in range(7):
        data = client.get(data["next"]).json()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(data["next"]).status_code == 200
    sql = " ".join(query["sql"] for query in queries.captured_queries).upper()
    assert "LIMIT" in sql and "OFFSET" not in sql


def cursor_of(link: str) -> str:
    return parse_qs(urlsplit(link).query)["cursor"][0]


def test_a_cursor_belongs_to_its_list_and_order(client, jobs, unthrottled):
    url = reverse("api:job_list")
    newest = cursor_of(client.get(url, {"page_size": 2}).json()["next"])
    by_salary = client.get(url, {"page_size": 2, "ordering": "salary_desc"}).json()["next"]
    assert client.get(by_salary).status_code == 200
    forged = base64.urlsafe_b64encode(json.dumps({"k": "x", "v": [1, 2]}).encode()).decode()
    wrong_type = json.loads(base64.urlsafe_b64decode(cursor_of(by_salary)))
    wrong_type["v"][1] = "not a date"
    wrong_type = base64.urlsafe_b64encode(json.dumps(wrong_type).encode()).decode()
    for cursor, ordering in [
        (newest, "salary_desc"),  # another order's
        ("bm90IGpzb24=", ""),  # not JSON
        ("%%%", ""),
        (forged, ""),
        (wrong_type, "salary_desc"),
    ]:
        response = client.get(url, {"cursor": cursor, "ordering": ordering})
        assert response.status_code == 404, cursor
        assert response.json()["errors"]["__all__"][0]["code"] == "invalid_cursor"
    companies = reverse("api:company_list")
    assert client.get(companies, {"cursor": newest}).status_code == 404
    assert client.get(url, {"cursor": ""}).status_code == 200  # empty: the first page


def test_nothing_left_before_a_page_leads_back_to_the_first(client, jobs, unthrottled):
    url = reverse("api:job_list")
    first = client.get(url, {"page_size": 1}).json()
    assert first["previous"] is None
    second = client.get(first["next"]).json()
    # The one job before it ends meanwhile: the previous page is empty and "next" starts over.
    Job.objects.filter(slug=first["results"][0]["slug"]).update(expires_at=timezone.now())
    empty = client.get(second["previous"]).json()
    assert (empty["results"], empty["previous"]) == ([], None)
    assert empty["next"] == "http://testserver/api/v1/jobs/?page_size=1"


@pytest.mark.parametrize("sort", ["most_data", "name", "highest", "lowest"])
def test_roles_in_each_order_of_the_salary_list(client, sort, unthrottled):
    for index, (n, amount) in enumerate([(5, 90), (6, 90), (5, 120), (7, 60), (5, 150)]):
        role = RoleFactory(name=f"Role {'EDCBA'[index]}")
        SalaryRecordFactory.create_batch(n, role=role, amount_min=Decimal(amount * 1000))
    expected = [
        role.slug
        for role, _summary in RoleFilter({"sort": sort}, queryset=Role.objects.all()).listed(
            role_summaries()
        )
    ]
    pages, _ = walk(client, reverse("api:role_list"), {"sort": sort, "page_size": 2})
    assert [slug for page in pages for slug in page] == expected
    assert len(expected) == 5
