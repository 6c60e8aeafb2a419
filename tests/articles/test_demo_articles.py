"""The demo articles (jobboard/demo/articles.py) fill every block of the article page."""

import json
from io import StringIO

import pytest
from django.core.management import call_command

from articles.models import Article
from jobboard.demo.articles import ARTICLES
from tests.articles.test_views import JSON_LD

pytestmark = pytest.mark.django_db


def test_every_demo_article_renders_with_every_block(client, settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=StringIO())
    assert Article.objects.published().count() == len(ARTICLES) >= 8
    for spec in ARTICLES:
        article = Article.objects.get(slug=spec["slug"])
        assert {role.name for role in article.roles.all()} == set(spec["roles"])
        response = client.get(article.get_absolute_url())
        html = response.content.decode()
        assert response.status_code == 200, spec["slug"]
        assert f"{article.reading_minutes} min read · <time" in html
        assert 'aria-labelledby="toc-heading"' in html and len(article.contents) >= 3
        for entry in article.contents:
            assert f'id="{entry["anchor"]}"' in article.body_html
        # Every role the article is about has enough salary data for a median.
        insights = response.context["insights"]
        assert insights and all(summary.enough for _, summary in insights), spec["slug"]
        assert "View salary info for" in html and " median a year" in html
        assert len(response.context["featured_jobs"]) == 5
        related = list(response.context["related_articles"])
        assert related and article not in related
        assert json.loads(JSON_LD.search(html)["json"])["headline"] == article.title
        assert '<meta property="og:title"' in html and '<link rel="canonical"' in html
