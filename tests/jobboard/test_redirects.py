"""No link or redirect sends a visitor to javascript: or to another host without a visible click."""

import re

import pytest
from django.core.exceptions import ValidationError

from jobs.models import Job
from tests.factories import PublishedJobFactory, UserFactory

pytestmark = pytest.mark.django_db

HOSTILE_NEXT = [
    "https://evil.example/",
    "//evil.example/",
    "///evil.example/",
    "/\\evil.example/",
    "\\\\evil.example",
    "https:evil.example",
    "javascript:alert(document.domain)",
    "JaVaScRiPt:alert(1)",
    " javascript:alert(1)",
    "java\tscript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "http://testserver@evil.example/",
    "https://testserver.evil.example/",
]


@pytest.fixture
def staff():
    return UserFactory(username="editor", is_staff=True)


@pytest.mark.parametrize("target", HOSTILE_NEXT)
def test_admin_login_never_follows_next_off_the_site(client, staff, target):
    response = client.post(
        f"/admin/login/?next={target}",
        {"username": "editor", "password": "correct horse battery", "next": target},
    )
    assert response.status_code == 302
    assert response["Location"] == "/admin/"


@pytest.mark.parametrize("target", HOSTILE_NEXT)
def test_admin_login_form_carries_next_only_as_escaped_text(client, target):
    html = client.get("/admin/login/", {"next": target}).content.decode()
    assert not re.search(r'href="\s*(javascript|data|https?:|//)', html.replace("\t", ""), re.I)
    assert "<script>alert(1)</script>" not in html


def test_admin_login_follows_next_within_the_site(client, staff):
    response = client.post(
        "/admin/login/",
        {"username": "editor", "password": "correct horse battery", "next": "/admin/jobs/job/"},
    )
    assert response["Location"] == "/admin/jobs/job/"


@pytest.mark.parametrize("target", HOSTILE_NEXT)
def test_admin_logout_never_follows_next_off_the_site(client, staff, target):
    client.force_login(staff)
    response = client.post(f"/admin/logout/?next={target}")
    assert response.status_code in (200, 302)
    if response.status_code == 302:
        assert response["Location"].startswith("/")
        assert not response["Location"].startswith(("//", "/\\"))


def test_a_signed_in_visitor_without_next_lands_in_the_admin(client, staff):
    response = client.post(
        "/admin/login/", {"username": "editor", "password": "correct horse battery"}
    )
    assert response["Location"] == "/admin/"


@pytest.mark.parametrize(
    "url", ["javascript:alert(1)", "data:text/html,hi", "vbscript:msgbox(1)", "//evil.example/"]
)
def test_a_job_refuses_an_apply_link_that_is_not_a_web_address(url):
    job = PublishedJobFactory.build(apply_url=url, apply_email="")
    with pytest.raises(ValidationError) as refused:
        job.full_clean(exclude=["company", "role", "created_by", "salary_record"])
    assert "apply_url" in refused.value.message_dict


@pytest.mark.parametrize("url", ["javascript:alert(1)", "ftp://example.com/apply", "data:,x"])
def test_a_stored_apply_link_that_is_not_http_is_never_linked(client, url):
    """Even a link that reached the database around the form (raw SQL, an old import)."""
    job = PublishedJobFactory(apply_email="jobs@example.com")
    Job.objects.filter(pk=job.pk).update(apply_url=url)
    html = client.get(job.get_absolute_url()).content.decode()
    assert url not in html
    hrefs = re.findall(r'href="([^"]*)"', html)
    assert all(href.startswith(("/", "http://", "https://", "mailto:", "#")) for href in hrefs)
    assert 'href="mailto:jobs@example.com?subject=' in html


def test_an_http_apply_link_is_a_visible_external_link(client):
    job = PublishedJobFactory(apply_url="https://careers.example.com/apply/42")
    html = client.get(job.get_absolute_url()).content.decode()
    link = r'<a class="button" href="https://careers\.example\.com/apply/42"[^>]*>Apply for this'
    assert re.search(link, html)
