import pytest
from django.db import OperationalError

from jobboard import views

pytestmark = pytest.mark.django_db


class UnreachableDatabase:
    def cursor(self):
        raise OperationalError('connection to server at "10.0.0.5", port 5432 failed: refused')


def test_healthz_answers_ok_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok\n"
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


def test_healthz_only_reads(client):
    assert client.post("/healthz").status_code == 405


def test_healthz_answers_over_plain_http_when_everything_else_redirects(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/healthz").status_code == 200
    home = client.get("/")
    assert home.status_code == 301
    assert home["Location"] == "https://testserver/"
