import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from django.utils import timezone

from jobs.sitemaps import JobSitemap
from tests.factories import (
    JobFactory,
    PublishedArticleFactory,
    PublishedJobFactory,
    RoleFactory,
    SalaryRecordFactory,
)

pytestmark = pytest.mark.django_db

NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def locations(client):
    """Every URL in the sitemap, following the index to each section page."""
    index = client.get("/sitemap.xml")
    assert index.status_code == 200
    urls = set()
    for section in ET.fromstring(index.content).iter(f"{NS}sitemap"):
        response = client.get(section.findtext(f"{NS}loc").removeprefix("http://testserver"))
        assert response.status_code == 200
        urls |= {u.findtext(f"{NS}loc") for u in ET.fromstring(response.content).iter(f"{NS}url")}
    return urls


def test_sitemap_lists_visible_jobs_roles_with_figures_and_articles(client):
    job = PublishedJobFactory()
    draft = JobFactory()
    rich, poor = RoleFactory(name="Rich"), RoleFactory(name="Poor")
    SalaryRecordFactory.create_batch(5, role=rich)
    SalaryRecordFactory.create_batch(4, role=poor)
    article = PublishedArticleFactory()
    urls = locations(client)
    assert f"http://testserver{job.get_absolute_url()}" in urls
    assert f"http://testserver{draft.get_absolute_url()}" not in urls
    assert f"http://testserver{rich.get_absolute_url()}" in urls
    assert f"http://testserver{poor.get_absolute_url()}" not in urls
    assert f"http://testserver{article.get_absolute_url()}" in urls


def test_an_expired_job_leaves_the_sitemap_at_once(client):
    job = PublishedJobFactory()
    assert f"http://testserver{job.get_absolute_url()}" in locations(client)
    job.expires_at = timezone.now() - timedelta(seconds=1)
    job.save()
    assert f"http://testserver{job.get_absolute_url()}" not in locations(client)


def test_jobs_are_split_in_pages(client, monkeypatch):
    monkeypatch.setattr(JobSitemap, "limit", 2)
    jobs = PublishedJobFactory.create_batch(5)
    index = ET.fromstring(client.get("/sitemap.xml").content)
    pages = [loc.text for loc in index.iter(f"{NS}loc") if "sitemap-jobs" in loc.text]
    assert len(pages) == 3
    assert {f"http://testserver{job.get_absolute_url()}" for job in jobs} <= locations(client)


def test_an_unknown_section_is_404(client):
    assert client.get("/sitemap-nothing.xml").status_code == 404
    assert client.get("/sitemap-jobs.xml?p=abc").status_code == 404


def test_robots_txt_points_at_the_sitemap_and_keeps_out_of_the_admin(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    assert "Sitemap: http://testserver/sitemap.xml" in response.content.decode()
    assert "Disallow: /admin/" in response.content.decode()


def test_a_published_article_reaches_the_cached_sitemap_at_once(client, settings):
    settings.JOBS_CACHE_SECONDS = 60
    assert locations(client) == set()
    article = PublishedArticleFactory()
    assert f"http://testserver{article.get_absolute_url()}" in locations(client)


def test_control_characters_in_the_database_leave_the_sitemap_well_formed(client):
    job = PublishedJobFactory(title="Research\x01 Engineer")
    type(job.company).objects.filter(pk=job.company.pk).update(name="Allora\x0bLabs")
    PublishedArticleFactory(title="Bell\x07")
    assert job.get_absolute_url() in {
        url.removeprefix("http://testserver") for url in locations(client)
    }
