import time
from datetime import timedelta
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone

from jobs.cache import board_token
from tests.factories import EmployerFactory, PublishedJobFactory

pytestmark = pytest.mark.django_db

LIST = reverse("jobs:list")


@pytest.fixture(autouse=True)
def cache_on(settings):
    settings.JOBS_CACHE_SECONDS = 60


def test_a_second_visit_is_served_from_the_cache_without_a_query(client, django_assert_num_queries):
    PublishedJobFactory(title="Cached Job")
    first = client.get(LIST)
    assert first["X-Cache"] == "miss"
    with django_assert_num_queries(0):
        second = client.get(LIST)
    assert second["X-Cache"] == "hit"
    assert second.content == first.content


def test_the_order_of_parameters_does_not_matter(client):
    PublishedJobFactory()
    client.get(LIST, {"remote": "remote", "employment_type": "FT"})
    assert client.get(f"{LIST}?employment_type=FT&remote=remote")["X-Cache"] == "hit"


def test_a_saved_job_shows_at_once(client):
    PublishedJobFactory(title="First")
    client.get(LIST)
    PublishedJobFactory(title="Second")
    response = client.get(LIST)
    assert response["X-Cache"] == "miss"
    assert "Second" in response.content.decode()


def test_a_job_leaves_the_cached_page_the_second_it_ends():
    job = PublishedJobFactory(title="Ends Soon", expires_at=timezone.now() + timedelta(seconds=30))
    from django.test import Client

    client = Client()
    assert "Ends Soon" in client.get(LIST).content.decode()
    later = timezone.now() + timedelta(seconds=31)
    with (
        mock.patch("django.utils.timezone.now", return_value=later),
        mock.patch("jobs.cache.time.time", return_value=time.time() + 31),
    ):
        response = client.get(LIST)
        assert response["X-Cache"] == "miss"
        assert "Ends Soon" not in response.content.decode()
        assert client.get(job.get_absolute_url()).status_code == 410


def test_the_token_lives_a_minute_at_most():
    PublishedJobFactory(expires_at=timezone.now() + timedelta(days=10))
    token = board_token()
    assert board_token() == token
    with mock.patch("jobs.cache.time.time", return_value=time.time() + 61):
        assert board_token() != token


def test_signed_in_users_and_errors_are_never_cached(client):
    PublishedJobFactory()
    client.force_login(EmployerFactory())
    client.get(LIST)
    assert "X-Cache" not in client.get(LIST)
    client.logout()
    client.get(LIST, {"salary_min": "abc"})
    assert "X-Cache" not in client.get(LIST, {"salary_min": "abc"})


def test_the_cache_can_be_turned_off(client, settings):
    settings.JOBS_CACHE_SECONDS = 0
    PublishedJobFactory()
    client.get(LIST)
    assert "X-Cache" not in client.get(LIST)


def test_facet_counts_are_shared_by_every_page_and_order_of_a_search(
    client, django_assert_max_num_queries
):
    PublishedJobFactory.create_batch(25, employment_type="FT")
    client.get(LIST, {"employment_type": "FT"})
    # Page 2 in another order: the page's rows and tags only, no counting again.
    with django_assert_max_num_queries(3):
        response = client.get(LIST, {"employment_type": "FT", "page": 2, "ordering": "salary_asc"})
    assert response.context["facets"].total == 25
    assert len(response.context["object_list"]) == 5


def test_a_write_drops_the_token_again_when_it_commits(django_capture_on_commit_callbacks):
    from django.core.cache import cache

    from jobs.cache import STATE_KEY

    job = PublishedJobFactory()
    board_token()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        job.title = "Renamed"
        job.save()
        board_token()  # a page built before the commit renews the token from the old rows
    assert cache.get(STATE_KEY) is not None
    for callback in callbacks:
        callback()
    assert cache.get(STATE_KEY) is None


def test_each_host_has_its_own_cached_page(client):
    job = PublishedJobFactory()
    client.get(job.get_absolute_url())
    assert client.get(job.get_absolute_url())["X-Cache"] == "hit"
    other = client.get(job.get_absolute_url(), HTTP_HOST="127.0.0.1")
    assert other["X-Cache"] == "miss"
    assert "http://127.0.0.1/jobs/" in other.content.decode()


def test_a_cached_page_keeps_the_views_headers(client):
    client.get("/sitemap-jobs.xml")
    hit = client.get("/sitemap-jobs.xml")
    assert hit["X-Cache"] == "hit"
    assert hit["X-Robots-Tag"] and hit["Content-Type"].startswith("application/xml")
