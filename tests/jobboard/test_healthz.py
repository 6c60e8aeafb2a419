"""/healthz and /readyz (jobboard/views.py), and the site while its Redis cache is down."""

import pytest
from django.db import OperationalError

from deploy.processes import free_port
from jobboard import views
from jobboard.replica import ReplicaStatus
from tests.factories import PublishedArticleFactory, PublishedJobFactory

pytestmark = pytest.mark.django_db


class UnreachableDatabase:
    def cursor(self):
        raise OperationalError('connection to server at "10.0.0.5", port 5432 failed: refused')


PROBES = pytest.mark.parametrize(
    "url, ok", [("/healthz", b"ok\n"), ("/readyz", b"database: ok\ncache: ok\n")]
)


@PROBES
def test_probes_answer_ok_when_all_is_well(client, url, ok):
    response = client.get(url)
    assert response.status_code == 200
    assert response.content == ok
    assert response["Content-Type"] == "text/plain"
    assert "no-cache" in response["Cache-Control"]


def test_healthz_answers_503_without_details_when_the_database_is_unreachable(
    client, monkeypatch, caplog
):
    monkeypatch.setattr(views, "connection", UnreachableDatabase())
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.content == b"unavailable\n"
    # The reason goes to the log, never to the caller.
    assert "10.0.0.5" in caplog.text


@PROBES
def test_probes_only_read(client, url, ok):
    assert client.post(url).status_code == 405


@PROBES
def test_probes_answer_over_plain_http_when_everything_else_redirects(client, settings, url, ok):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get(url).status_code == 200
    home = client.get("/")
    assert home.status_code == 301
    assert home["Location"] == "https://testserver/"


@pytest.fixture
def redis_down(settings):
    """The production cache configuration, pointed at a port where no Redis listens."""
    dead = {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": f"redis://127.0.0.1:{free_port()}/0",
        "OPTIONS": {"IGNORE_EXCEPTIONS": True, "SOCKET_CONNECT_TIMEOUT": 0.5},
    }
    # Pages and the versions of their topics both live in Redis then (jobboard/settings.py).
    settings.CACHES = {"default": dead, "versions": {**dead, "KEY_PREFIX": "versions"}}


def test_readyz_names_the_database_when_it_fails(client, monkeypatch, caplog):
    monkeypatch.setattr(views, "connection", UnreachableDatabase())
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.content == b"database: unavailable\ncache: ok\n"
    assert "10.0.0.5" in caplog.text  # the reason goes to the log only


def test_readyz_names_the_cache_when_redis_is_down(client, redis_down):
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.content == b"database: ok\ncache: unavailable; pages are built uncached\n"


def test_the_site_keeps_serving_uncached_pages_while_redis_is_down(client, settings, redis_down):
    settings.JOBS_CACHE_SECONDS = 60
    job = PublishedJobFactory(title="Data Engineer, Lisbon")
    article = PublishedArticleFactory()
    for _ in range(2):
        listing = client.get("/jobs/")
        assert listing.status_code == 200
        assert listing["X-Cache"] == "miss"
        assert "Data Engineer, Lisbon" in listing.content.decode()
    for url in ("/", job.get_absolute_url(), "/salaries/", article.get_absolute_url(), "/healthz"):
        assert client.get(url).status_code == 200, url


def test_readyz_reports_the_replica_without_failing_on_it(client, monkeypatch):
    monkeypatch.setattr(views, "replica_configured", lambda: True)
    status = ReplicaStatus(True, 100, 0.4, "ok", 0.0)
    monkeypatch.setattr(views.monitor, "status", lambda: status)
    assert client.get("/readyz").content == b"database: ok\nreplica: ok, 0.4 s behind\ncache: ok\n"
    status = ReplicaStatus(False, None, None, "unavailable", 0.0)
    response = client.get("/readyz")
    assert response.status_code == 200
    assert b"replica: unavailable; reads go to the primary\n" in response.content
