"""The 400, 403, 404, 500 and 503 pages: our own wording, the site's look, nothing leaked."""

import pytest
from django.db import IntegrityError, InterfaceError, OperationalError
from django.test import Client

from jobboard import views
from jobboard.views import HomeView
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SECRET = "postgres://jobboard:hunter2@db.internal"


@pytest.fixture
def anonymous():
    """A client that gets the error page, as a visitor would, instead of the exception."""
    return Client(raise_request_exception=False)


def fail_home_page_with(monkeypatch, error):
    def broken(self, **kwargs):
        raise error

    monkeypatch.setattr(HomeView, "get_context_data", broken)


class DatabaseConnection:
    """What the 500 handler sees of the connection after the error."""

    def __init__(self, *, opened=True, answers=True):
        self.connection = object() if opened else None
        self.answers = answers

    def is_usable(self):
        return self.answers


def assert_leaks_nothing(html):
    for detail in (SECRET, "hunter2", "Traceback", 'File "', "Exception", "DEBUG"):
        assert detail not in html


def test_404_page(anonymous):
    response = anonymous.get("/jobs/no-such-job-<script>alert(1)</script>/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "<h1>Page not found</h1>" in html
    assert 'href="/jobs/"' in html
    assert "<script>alert(1)</script>" not in html
    assert "No job here" not in html  # the view's reason for the 404 stays inside
    assert response["Content-Security-Policy"]


def test_400_page_for_a_host_we_do_not_serve(anonymous):
    response = anonymous.get("/", HTTP_HOST="evil.example")
    html = response.content.decode()
    assert response.status_code == 400
    assert "We could not read that request" in html
    assert "This site does not answer to the host name in that address." in html
    assert "evil.example" not in html
    assert "ALLOWED_HOSTS" not in html


def test_400_page_says_when_an_address_has_too_many_parameters(anonymous):
    query = "&".join(f"tag=t{n}" for n in range(1_001))
    response = anonymous.get("/jobs/", QUERY_STRING=query)
    html = response.content.decode()
    assert response.status_code == 400
    assert "The address has too many parameters (more than 1,000): remove some filters." in html
    assert "t1000" not in html


def test_400_page_says_when_a_form_is_too_large(anonymous):
    response = anonymous.post(
        "/admin/login/", "x" * 3_000_000, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 400
    assert "The form data is too large: we read at most 2.5 MB." in response.content.decode()


def test_403_page_for_staff_without_the_permission(anonymous):
    anonymous.force_login(UserFactory(is_staff=True))
    response = anonymous.get("/admin/jobs/job/add/")
    html = response.content.decode()
    assert response.status_code == 403
    assert "You are not allowed to do that" in html
    assert "ask a Jobboard moderator" in html


def test_500_page_says_sorry_and_leaks_nothing(anonymous, monkeypatch, caplog):
    fail_home_page_with(monkeypatch, RuntimeError(f"cannot read {SECRET}"))
    response = anonymous.get("/")
    html = response.content.decode()
    assert response.status_code == 500
    assert "Something went wrong on our side" in html
    assert_leaks_nothing(html)
    assert "Retry-After" not in response
    # The details are for the log.
    assert SECRET in caplog.text


@pytest.mark.parametrize("error", [OperationalError, InterfaceError])
def test_a_lost_database_answers_503_and_asks_to_come_back(anonymous, monkeypatch, error):
    fail_home_page_with(monkeypatch, error(f"server closed the connection: {SECRET}"))
    monkeypatch.setattr(views, "connection", DatabaseConnection(answers=False))
    response = anonymous.get("/")
    html = response.content.decode()
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "Jobboard is briefly unavailable" in html
    assert_leaks_nothing(html)


def test_a_database_that_was_never_reached_answers_503(anonymous, monkeypatch):
    fail_home_page_with(monkeypatch, OperationalError("could not connect to server"))
    monkeypatch.setattr(views, "connection", DatabaseConnection(opened=False))
    assert anonymous.get("/").status_code == 503


def test_a_failing_query_on_a_working_database_stays_500(anonymous, monkeypatch):
    """SQLite's "LIKE or GLOB pattern too complex" is an OperationalError, but no outage: the
    test database still answers."""
    fail_home_page_with(monkeypatch, OperationalError("LIKE or GLOB pattern too complex"))
    assert anonymous.get("/").status_code == 500


def test_other_database_errors_stay_500(anonymous, monkeypatch):
    fail_home_page_with(monkeypatch, IntegrityError("duplicate key"))
    monkeypatch.setattr(views, "connection", DatabaseConnection(answers=False))
    assert anonymous.get("/").status_code == 500


def test_403_page_for_a_form_without_its_csrf_token():
    client = Client(enforce_csrf_checks=True)
    response = client.post("/admin/login/", {"username": "x", "password": "y"})
    html = response.content.decode()
    assert response.status_code == 403
    assert "Your form was not sent" in html
    assert "allow cookies for this site" in html
    assert "CSRF" not in html


@pytest.fixture
def demo_settings(settings):
    """As `make run` has them: debug on, the board's own error pages."""
    settings.DEBUG = True
    settings.DEBUG_ERROR_PAGES = False
    return settings


@pytest.mark.parametrize("url", ["/no-such-page/", "/jobs/no-such-job/", "/salaries/nope/"])
def test_with_debug_on_the_demo_shows_the_boards_own_404(anonymous, demo_settings, url):
    """Issue 12: `make run` showed Django's yellow debug page for an unknown slug."""
    response = anonymous.get(url)
    html = response.content.decode()
    assert response.status_code == 404
    assert "<h1>Page not found</h1>" in html and 'href="/jobs/"' in html
    assert "URLconf" not in html and "Django tried these URL patterns" not in html
    demo_settings.DEBUG_ERROR_PAGES = True  # a developer asks for Django's pages back
    technical = anonymous.get(url).content.decode()
    assert "<h1>Page not found</h1>" not in technical
    assert "DEBUG = True" in technical


def test_with_debug_on_the_demo_still_redirects_to_the_slashed_address(anonymous, demo_settings):
    response = anonymous.get("/jobs")
    assert response.status_code == 301 and response["Location"] == "/jobs/"


def test_with_debug_on_the_demo_shows_the_boards_own_500(
    anonymous, demo_settings, monkeypatch, caplog
):
    fail_home_page_with(monkeypatch, ZeroDivisionError("boom"))
    response = anonymous.get("/")
    html = response.content.decode()
    assert response.status_code == 500
    assert "Something went wrong on our side" in html
    assert_leaks_nothing(html)
    assert "boom" not in html
    # The developer still gets the traceback, in the log.
    assert any(record.exc_info and "boom" in str(record.exc_info[1]) for record in caplog.records)


def test_with_debug_off_django_answers_and_the_middleware_stays_out(anonymous, settings):
    settings.DEBUG = False
    settings.DEBUG_ERROR_PAGES = False
    response = anonymous.get("/jobs/no-such-job/")
    assert response.status_code == 404
    assert "<h1>Page not found</h1>" in response.content.decode()


def test_with_debug_on_the_demo_shows_the_boards_own_400(anonymous, demo_settings):
    response = anonymous.get("/", HTTP_HOST="evil.example")
    html = response.content.decode()
    assert response.status_code == 400
    assert "We could not read that request" in html
    assert_leaks_nothing(html)
