from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from articles.models import Article, ArticleStatus
from tests.factories import ArticleFactory, PublishedArticleFactory

pytestmark = pytest.mark.django_db


def test_reading_time_and_contents_come_from_the_body():
    article = ArticleFactory(body="## One\n\n" + "word " * 300 + "\n\n### Half\n\n## Two\n\nend")
    assert article.reading_minutes == 2  # 306 words at 220 a minute, rounded up
    assert [
        (entry.heading.anchor, [child.anchor for child in entry.children])
        for entry in article.table_of_contents
    ] == [("one", ["half"]), ("two", [])]
    assert '<h2 id="two">Two</h2>' in article.body_html
    assert ArticleFactory(body="short").reading_minutes == 1


def test_published_means_published_and_dated_in_the_past():
    shown = PublishedArticleFactory()
    ArticleFactory()
    PublishedArticleFactory(published_at=timezone.now() + timedelta(days=1))
    assert list(Article.objects.published()) == [shown]


def test_a_published_article_needs_a_date():
    with pytest.raises(IntegrityError), transaction.atomic():
        ArticleFactory(status=ArticleStatus.PUBLISHED, published_at=None)
    with pytest.raises(ValidationError) as caught:
        ArticleFactory.build(status=ArticleStatus.PUBLISHED, published_at=None).full_clean()
    assert [e.code for e in caught.value.error_dict["published_at"]] == ["no_published_at"]


def test_slugs_are_unique():
    first = ArticleFactory(title="Reading salaries")
    second = ArticleFactory(title="Reading salaries")
    assert (first.slug, second.slug) == ("reading-salaries", "reading-salaries-2")
    with pytest.raises(IntegrityError), transaction.atomic():
        ArticleFactory(slug=first.slug)
