from datetime import UTC, datetime

import pytest
from django.urls import reverse

from tests.factories import (
    ArticleFactory,
    FeaturedJobFactory,
    PublishedArticleFactory,
    PublishedJobFactory,
    RoleFactory,
)

pytestmark = pytest.mark.django_db


def test_article_page_has_reading_time_contents_salary_links_and_featured_jobs(client):
    role = RoleFactory(name="Data Engineer")
    article = PublishedArticleFactory(
        title="What data engineers earn",
        body="## Pay\n\n" + "word " * 400 + "\n\n## Levels\n\ntext",
        published_at=datetime(2023, 12, 6, 9, tzinfo=UTC),
    )
    article.roles.add(role)
    in_role = FeaturedJobFactory(title="Staff Data Engineer", role=role)
    other = FeaturedJobFactory(title="Research Engineer")
    PublishedJobFactory(title="Not Featured")
    response = client.get(article.get_absolute_url())
    html = response.content.decode()
    assert "2 min read · <time" in html and "Dec. 6, 2023" in html
    assert '<a href="#pay">Pay</a>' in html and '<a href="#levels">Levels</a>' in html
    assert "View salary info for Data Engineer (global)" in html
    assert response.context["featured_jobs"] == [in_role, other]
    assert "Not Featured" not in html


def test_drafts_are_not_public(client):
    draft = ArticleFactory()
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert draft.title not in client.get(reverse("articles:list")).content.decode()


def test_article_list_search_and_role_filter(client):
    role = RoleFactory(name="Data Analyst")
    tagged = PublishedArticleFactory(title="Reading percentiles")
    tagged.roles.add(role)
    PublishedArticleFactory(title="Remote work")
    url = reverse("articles:list")
    assert [a.title for a in client.get(url, {"q": "percentile"}).context["object_list"]] == [
        "Reading percentiles"
    ]
    assert [a.title for a in client.get(url, {"role": role.slug}).context["object_list"]] == [
        "Reading percentiles"
    ]
    assert client.get(url, {"role": "nope"}).status_code == 400
