"""jobboard/middleware.py through the whole middleware stack, with a played replica.

The views below report which database their reads would go to; none runs a query, so no replica
server is needed.
"""

from dataclasses import dataclass

import pytest
from django.contrib.sessions.models import Session
from django.db import OperationalError, ProgrammingError, router
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.urls import path

from jobboard import middleware, replica
from jobboard.db_router import PRIMARY, REPLICA
from jobboard.middleware import COOKIE
from jobboard.replica import ReplicaStatus
from jobs.models import Job

# No database: the views run no query, and a test transaction would keep reads on the primary.
pytestmark = pytest.mark.urls(__name__)

WRITE_ENDS_AT = 5_000


def reads(request):
    return HttpResponse(router.db_for_read(Job))


def writes_a_job(request):
    router.db_for_write(Job)
    return HttpResponse(router.db_for_read(Job))


def writes_a_session(request):
    router.db_for_write(Session)
    return HttpResponse("saved")


calls = []


def fails_on_the_replica(request):
    database = router.db_for_read(Job)
    calls.append(database)
    if database == REPLICA:
        middleware.connections[REPLICA].errors_occurred = True
        raise OperationalError("terminating connection due to administrator command")
    return TemplateResponse(request, "robots.txt", {}, content_type="text/plain")


def fails_on_the_primary(request):
    raise ProgrammingError("relation does not exist")


urlpatterns = [
    path("reads/", reads),
    path("admin/reads/", reads),
    path("writes-a-job/", writes_a_job),
    path("writes-a-session/", writes_a_session),
    path("flaky/", fails_on_the_replica),
    path("broken/", fails_on_the_primary),
    path("sitemap.xml", reads, name="sitemap"),
]


@dataclass
class PlayedMonitor:
    usable: bool = True
    replayed: int = WRITE_ENDS_AT
    failed: str = ""

    def status(self):
        return ReplicaStatus(self.usable, self.replayed, 0.0, "ok", 0.0)

    def mark_failed(self, reason):
        self.failed = reason
        self.usable = False


class ReplicaConnection:
    errors_occurred = False
    connection = None  # dropped, as after a failed query

    def is_usable(self):
        return False

    def close(self):
        pass


@pytest.fixture
def monitor(monkeypatch):
    played = PlayedMonitor()
    monkeypatch.setattr(middleware, "replica_configured", lambda: True)
    monkeypatch.setattr(middleware, "monitor", played)
    monkeypatch.setattr(middleware, "primary_position", lambda: WRITE_ENDS_AT)
    monkeypatch.setattr(middleware, "connections", {REPLICA: ReplicaConnection()})
    monkeypatch.setattr(middleware, "reverse", lambda name: "/admin/")
    calls.clear()
    return played


def test_without_a_replica_every_read_goes_to_the_primary(client):
    assert client.get("/reads/").content.decode() == PRIMARY


def test_public_pages_read_from_the_replica(client, monitor):
    assert client.get("/reads/").content.decode() == REPLICA
    assert client.head("/reads/").status_code == 200


def test_the_admin_and_forms_read_from_the_primary(client, monitor):
    assert client.get("/admin/reads/").content.decode() == PRIMARY
    assert client.post("/reads/").content.decode() == PRIMARY


def test_an_unusable_replica_is_not_read_from(client, monitor):
    monitor.usable = False
    assert client.get("/reads/").content.decode() == PRIMARY


def test_a_write_pins_its_client_to_the_primary_until_the_replica_has_it(client, monitor):
    response = client.post("/writes-a-job/")
    assert response.content.decode() == PRIMARY  # the request reads what it wrote
    cookie = response.cookies[COOKIE]
    assert cookie.value == str(WRITE_ENDS_AT)
    assert cookie["max-age"] == 12  # the lag limit (10 s) and a check (1 s), plus a second
    assert cookie["httponly"]
    monitor.replayed = WRITE_ENDS_AT - 1
    assert client.get("/reads/").content.decode() == PRIMARY
    monitor.replayed = WRITE_ENDS_AT
    caught_up = client.get("/reads/")
    assert caught_up.content.decode() == REPLICA
    assert caught_up.cookies[COOKIE].value == ""  # dropped: nothing left to wait for
    assert client.get("/reads/").content.decode() == REPLICA


def test_other_clients_keep_reading_from_the_replica_meanwhile(client, monitor):
    client.post("/writes-a-job/")
    monitor.replayed = WRITE_ENDS_AT - 1
    client.cookies.clear()
    assert client.get("/reads/").content.decode() == REPLICA


def test_a_content_write_asks_for_the_caches_to_be_dropped_again(client, monitor):
    client.post("/writes-a-job/")
    assert replica.cache.get(replica.CONTENT_WRITTEN_KEY) == WRITE_ENDS_AT


def test_a_session_write_pins_its_client_but_leaves_cached_pages_alone(client, monitor):
    response = client.post("/writes-a-session/")
    assert response.cookies[COOKIE].value == str(WRITE_ENDS_AT)
    assert replica.cache.get(replica.CONTENT_WRITTEN_KEY) is None


def test_a_cookie_that_is_not_a_position_is_ignored(client, monitor):
    client.cookies[COOKIE] = "0/3000060; DROP"
    assert client.get("/reads/").content.decode() == REPLICA


def test_a_read_that_fails_on_the_replica_is_answered_from_the_primary(client, monitor):
    response = client.get("/flaky/")
    assert response.status_code == 200
    assert b"Sitemap" in response.content  # the template response, rendered
    assert calls == [REPLICA, PRIMARY]
    assert monitor.failed == "failed during a request"
    assert client.get("/reads/").content.decode() == PRIMARY


def test_an_error_on_the_primary_is_left_to_the_error_pages(client, monitor):
    client.raise_request_exception = False
    assert client.get("/broken/").status_code == 500
    assert monitor.failed == ""
