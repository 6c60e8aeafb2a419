"""web/cache.py: the one page cache, shown on the pages that use it (which write bumps which topic
is tested in tests/jobboard/test_invalidation.py)."""

import time
from unittest import mock

import pytest
from django.core.cache.backends.filebased import FileBasedCache
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse

from jobs.models import Job
from tests.factories import EmployerFactory, PublishedJobFactory
from web import cache as page_cache

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


def test_a_page_lives_at_most_its_lifetime(client):
    PublishedJobFactory()
    client.get(LIST)
    assert client.get(LIST)["X-Cache"] == "hit"
    later = time.time() + 61
    with (
        mock.patch("web.cache.time.time", return_value=later),
        mock.patch("django.core.cache.backends.locmem.time.time", return_value=later),
    ):
        assert client.get(LIST)["X-Cache"] == "miss"


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


def test_a_topic_bumped_while_a_page_is_built_keeps_the_page_out_of_the_cache():
    request = RequestFactory().get("/somewhere/")
    request.user = mock.Mock(is_authenticated=False)

    def respond_while_a_write_commits():
        page_cache.bump("jobs")  # a write the build may or may not have seen
        return HttpResponse("old or new rows")

    first = page_cache.serve_cached(request, "t", respond_while_a_write_commits, topics=["jobs"])
    assert first["X-Cache"] == "miss"
    second = page_cache.serve_cached(
        request, "t", lambda: HttpResponse("new rows"), topics=["jobs"]
    )
    assert second["X-Cache"] == "miss"  # the first was not kept
    assert second.content == b"new rows"
    third = page_cache.serve_cached(request, "t", lambda: None, topics=["jobs"])
    assert third["X-Cache"] == "hit"


def test_a_bump_is_made_again_when_the_write_commits(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        page_cache.bump("jobs")
        during = page_cache.versions(["jobs"])["jobs"]
    assert page_cache.versions(["jobs"])["jobs"] != during


def test_a_value_follows_its_topics_and_its_clock():
    computed = []

    def compute():
        computed.append(1)
        return len(computed)

    soon = time.time() + 30
    assert page_cache.cached_value("k", compute, topics=["a"], until=lambda _v: soon) == 1
    assert page_cache.cached_value("k", compute, topics=["a"]) == 1
    page_cache.bump("b")
    assert page_cache.cached_value("k", compute, topics=["a"]) == 1  # another topic
    page_cache.bump("a")
    assert page_cache.cached_value("k", compute, topics=["a"], until=lambda _v: soon) == 2
    with mock.patch("web.cache.time.time", return_value=soon):
        assert page_cache.cached_value("k", compute, topics=["a"]) == 3


def test_forget_everything_drops_every_page(client):
    job = PublishedJobFactory()
    for url in (LIST, job.get_absolute_url(), "/"):
        client.get(url)
        assert client.get(url)["X-Cache"] == "hit"
    page_cache.forget_everything()
    for url in (LIST, job.get_absolute_url(), "/"):
        assert client.get(url)["X-Cache"] == "miss"


def test_without_redis_every_worker_sees_a_save_at_once(client, settings):
    """Issue 19: each worker keeps its own pages, but the versions are in a file cache that every
    process of the machine reads, so a save in one worker drops the page in all of them."""
    assert not settings.REDIS_URL
    assert settings.CACHES["versions"]["BACKEND"].endswith("FileBasedCache")
    job = PublishedJobFactory(title="Before")
    client.get(job.get_absolute_url())
    assert client.get(job.get_absolute_url())["X-Cache"] == "hit"
    # Another worker: its own connection to the versions' directory, no memory shared with ours.
    other_worker = FileBasedCache(settings.CACHES["versions"]["LOCATION"], {})
    Job.objects.filter(pk=job.pk).update(title="After")  # the row, as the other worker saved it
    with mock.patch("web.cache._versions", lambda: other_worker):
        page_cache._set_new([f"job:{job.pk}"])  # what its receiver did there
    response = client.get(job.get_absolute_url())
    assert response["X-Cache"] == "miss"
    assert "After" in response.content.decode()
