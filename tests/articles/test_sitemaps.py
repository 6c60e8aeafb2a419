from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories import ArticleFactory, PublishedArticleFactory

pytestmark = pytest.mark.django_db


def test_sitemap_lists_published_articles_only(client):
    shown = PublishedArticleFactory()
    draft = ArticleFactory()
    scheduled = PublishedArticleFactory(published_at=timezone.now() + timedelta(days=1))
    xml = client.get("/sitemap.xml").content.decode()
    assert f"<loc>http://testserver{shown.get_absolute_url()}</loc>" in xml
    assert draft.get_absolute_url() not in xml
    assert scheduled.get_absolute_url() not in xml
