import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from django.utils import timezone

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
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    return {url.findtext(f"{NS}loc") for url in ET.fromstring(response.content).iter(f"{NS}url")}


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
