"""Security headers and the Content-Security-Policy: nothing inline runs unless it has the nonce."""

import re
from html.parser import HTMLParser

import pytest
from csp.middleware import CSPMiddleware
from django.http import HttpResponse
from django.template import Context, Template
from django.test import RequestFactory
from playwright.sync_api import expect

from tests.factories import (
    FeaturedJobFactory,
    PublishedArticleFactory,
    RoleFactory,
    SalaryRecordFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'none'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}


def directives(response) -> dict[str, str]:
    parts = (part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";"))
    return {name: value for name, value in parts}


def header_nonce(response) -> str | None:
    match = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"])
    return match.group(1) if match else None


class InlineCode(HTMLParser):
    """Collects what a strict policy would block: inline scripts, styles and handlers."""

    def __init__(self):
        super().__init__()
        self.blocked_unless_nonced = []  # (tag, nonce)
        self.attributes = []  # style="..." and on...="..."
        self.javascript_links = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "style" or (tag == "script" and "src" not in attrs):
            self.blocked_unless_nonced.append((tag, attrs.get("nonce")))
        for name, value in attrs.items():
            if name == "style" or name.startswith("on"):
                self.attributes.append(f"<{tag} {name}={value!r}>")
            if (
                name in ("href", "src", "action")
                and value
                and re.match(r"\s*(javascript|data):", value, re.I)
            ):
                self.javascript_links.append(f"<{tag} {name}={value!r}>")


@pytest.fixture
def site():
    """One of everything a public page shows, the salary chart included."""
    role = RoleFactory(name="Data Engineer")
    for amount in range(90_000, 200_000, 10_000):
        SalaryRecordFactory(role=role, amount_min=amount)
    job = FeaturedJobFactory(title="Lead Data Engineer", role=role)
    # A table with aligned columns: Markdown once aligned them with style="", which the CSP blocks.
    article = PublishedArticleFactory(
        title="Reading salary ranges", body="| Level | Median |\n|:--|--:|\n| Senior | 160,000 |"
    )
    return {"job": job, "role": role, "article": article}


def public_pages(site):
    return [
        "/",
        "/jobs/",
        "/jobs/?q=data",
        "/jobs/?experience_level=XX",  # a 400 with the filter's error
        site["job"].get_absolute_url(),
        "/salaries/",
        site["role"].get_absolute_url(),
        "/articles/",
        site["article"].get_absolute_url(),
        "/no-such-page/",
    ]


def admin_pages(site):
    job = site["job"]
    return [
        "/admin/",
        "/admin/jobs/job/",
        f"/admin/jobs/job/{job.pk}/change/",
        "/admin/jobs/job/add/",
        "/admin/salaries/salaryrecord/",
        "/admin/articles/article/add/",
    ]


def assert_nothing_inline_runs_without_the_nonce(response):
    parser = InlineCode()
    parser.feed(response.content.decode())
    nonce = header_nonce(response)
    assert parser.attributes == []
    assert parser.javascript_links == []
    for tag, tag_nonce in parser.blocked_unless_nonced:
        assert nonce is not None and tag_nonce == nonce, f"inline <{tag}> without the nonce"


def test_every_html_answer_carries_the_security_headers(client):
    response = client.get("/")
    assert directives(response) == POLICY
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_https_answers_pin_https_for_a_year(client, settings):
    settings.SECURE_HSTS_SECONDS = (
        31_536_000  # the production default (tests/jobboard/test_settings.py)
    )
    response = client.get("/", secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"


def test_plain_http_is_redirected_when_the_setting_is_on(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    response = client.get("/jobs/?q=ml")
    assert response.status_code == 301
    assert response["Location"] == "https://testserver/jobs/?q=ml"


def test_public_pages_have_no_inline_code_without_the_nonce(client, site):
    for url in public_pages(site):
        response = client.get(url)
        assert response.status_code in (200, 400, 404), url
        assert "Content-Security-Policy" in response, url
        assert_nothing_inline_runs_without_the_nonce(response)


def test_admin_pages_have_no_inline_code_without_the_nonce(client, site):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    for url in admin_pages(site):
        response = client.get(url)
        assert response.status_code == 200, url
        assert_nothing_inline_runs_without_the_nonce(response)


def test_a_json_ld_block_gets_the_nonce_that_the_header_allows():
    template = Template(
        '<script type="application/ld+json" nonce="{{ request.csp_nonce }}">{}</script>'
    )
    middleware = CSPMiddleware(
        lambda request: HttpResponse(template.render(Context({"request": request})))
    )
    response = middleware(RequestFactory().get("/jobs/x/"))
    nonce = header_nonce(response)
    assert nonce and len(nonce) >= 16
    assert f'nonce="{nonce}"' in response.content.decode()
    assert f"script-src 'self' 'nonce-{nonce}'" in response["Content-Security-Policy"]


def test_the_job_page_json_ld_carries_the_header_nonce(client, site):
    response = client.get(site["job"].get_absolute_url())
    nonce = header_nonce(response)
    assert nonce
    assert f'<script type="application/ld+json" nonce="{nonce}">' in response.content.decode()


def test_each_answer_gets_its_own_nonce(client, site):
    url = site["article"].get_absolute_url()
    assert header_nonce(client.get(url)) != header_nonce(client.get(url))


RECORD_VIOLATIONS = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.cspViolations.push(`${event.violatedDirective} ${event.blockedURI} ${location.pathname}`);
});
"""


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_chromium_reports_no_policy_violation_and_the_admin_scripts_run(live_server, page, site):
    UserFactory(username="boss", is_staff=True, is_superuser=True)
    violations = []
    page.add_init_script(RECORD_VIOLATIONS)

    def on_console(message):
        if "Content Security Policy" in message.text:
            violations.append(message.text)

    page.on("console", on_console)

    def visit(path):
        response = page.goto(live_server.url + path)
        assert "Content-Security-Policy" in {name.title() for name in response.headers}
        violations.extend(page.evaluate("window.cspViolations"))

    # The job page twice: once rendered, once perhaps from the page cache.
    for path in [*public_pages(site), site["job"].get_absolute_url()]:
        visit(path)
    assert page.locator(".box-axis-svg text").count() == 0  # the 404 page was last but one
    visit(site["role"].get_absolute_url())
    ticks = page.locator(".box-axis-svg text")
    assert ticks.count() >= 2
    assert ticks.first.bounding_box()["x"] < ticks.last.bounding_box()["x"]

    visit("/admin/login/")
    page.get_by_label("Username").fill("boss")
    page.get_by_label("Password").fill("correct horse battery")
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(f"{live_server.url}/admin/")
    visit("/admin/jobs/job/")
    page.locator("#action-toggle").check()  # admin/js/actions.js selects every row
    expect(page.locator("input.action-select").first).to_be_checked()
    visit("/admin/jobs/company/add/")
    page.get_by_label("Name").press_sequentially("Acme Data Works")
    # admin/js/prepopulate.js fills the slug as the name is typed.
    expect(page.locator("#id_slug")).to_have_value("acme-data-works")
    assert violations == []
