from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.sitemaps import ArticleSitemap
from tests.factories import ArticleFactory, PublishedArticleFactory

pytestmark = pytest.mark.django_db


def test_sitemap_lists_published_articles_only(client):
    shown = PublishedArticleFactory()
    draft = ArticleFactory()
    scheduled = PublishedArticleFactory(published_at=timezone.now() + timedelta(days=1))
    assert list(ArticleSitemap().items()) == [shown]
    xml = client.get(reverse("sitemap-section", kwargs={"section": "articles"})).content.decode()
    assert f"<loc>http://testserver{shown.get_absolute_url()}</loc>" in xml
    assert draft.get_absolute_url() not in xml
    assert scheduled.get_absolute_url() not in xml
