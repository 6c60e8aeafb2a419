from datetime import timedelta

import pytest
from django.utils import timezone

from articles.filters import SEARCH_MAX_LENGTH, ArticleFilter
from articles.models import Article
from tests.factories import ArticleFactory, PublishedArticleFactory, RoleFactory

pytestmark = pytest.mark.django_db


def titles(data):
    articles = ArticleFilter(data, queryset=Article.objects.published().newest_first())
    assert articles.is_valid(), articles.errors
    return [article.title for article in articles.qs]


def errors(data):
    articles = ArticleFilter(data, queryset=Article.objects.published())
    assert not articles.is_valid()
    return {field: list(messages) for field, messages in articles.errors.items()}


def test_search_looks_in_title_summary_and_body():
    PublishedArticleFactory(title="Percentiles explained")
    PublishedArticleFactory(title="Second", summary="All about PERCENTILES.")
    PublishedArticleFactory(title="Third", body="## Part\n\nA percentile is a cut.")
    PublishedArticleFactory(title="Remote work")
    assert sorted(titles({"q": "percentile"})) == ["Percentiles explained", "Second", "Third"]


def test_role_and_topic_filters_by_slug_and_combine():
    engineer, analyst = RoleFactory(name="Data Engineer"), RoleFactory(name="Data Analyst")
    both = PublishedArticleFactory(title="Both")
    both.roles.add(engineer)
    both.tags.add("Career change")
    role_only = PublishedArticleFactory(title="Role only")
    role_only.roles.add(engineer, analyst)
    PublishedArticleFactory(title="Neither").tags.add("pay")
    assert sorted(titles({"role": "data-engineer"})) == ["Both", "Role only"]
    assert titles({"tag": "career-change"}) == ["Both"]
    assert titles({"role": "data-engineer", "tag": "career-change"}) == ["Both"]
    assert titles({"role": "data-analyst"}) == ["Role only"]


def test_only_roles_and_topics_of_published_articles_are_offered():
    shown = PublishedArticleFactory()
    shown.roles.add(RoleFactory(name="Shown Role"))
    shown.tags.add("shown")
    draft = ArticleFactory()
    draft.roles.add(RoleFactory(name="Secret Role"))
    draft.tags.add("secret")
    scheduled = PublishedArticleFactory(published_at=timezone.now() + timedelta(days=2))
    scheduled.tags.add("soon")
    RoleFactory(name="No Articles")
    form = ArticleFilter({}, queryset=Article.objects.all()).form
    assert [role.name for role in form.fields["role"].queryset] == ["Shown Role"]
    assert [tag.name for tag in form.fields["tag"].queryset] == ["shown"]
    assert errors({"role": "secret-role"}) == {
        "role": ["No published article is about this role; pick one."]
    }
    assert errors({"tag": "secret"}) == {"tag": ["No published article has this topic; pick one."]}


def test_bad_input_gives_form_errors_not_exceptions():
    PublishedArticleFactory().roles.add(RoleFactory(name="Data Engineer"))
    assert "Null characters are not allowed." in errors({"q": "a\x00b"})["q"]
    assert "Null characters are not allowed." in errors({"role": "data\x00"})["role"]
    assert "Null characters are not allowed." in errors({"tag": "\x00"})["tag"]
    too_long = errors({"q": "x" * (SEARCH_MAX_LENGTH + 1)})["q"]
    assert too_long == [
        f"Ensure this value has at most {SEARCH_MAX_LENGTH} characters "
        f"(it has {SEARCH_MAX_LENGTH + 1})."
    ]
    assert titles({"q": "x" * SEARCH_MAX_LENGTH}) == []
