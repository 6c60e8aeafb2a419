from datetime import timedelta
from html.parser import HTMLParser

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from articles.models import (
    NOT_ON_CARDS,
    PAGE_IDS,
    ROLE_ARTICLES,
    Article,
    ArticleStatus,
    derived_from_body,
    related_articles,
)
from tests.factories import (
    ArticleFactory,
    EmployerFactory,
    ModeratorFactory,
    PublishedArticleFactory,
    PublishedJobFactory,
    RoleFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def words(n: int) -> str:
    return " ".join(f"w{i}" for i in range(n))


@pytest.mark.parametrize(
    ("count", "minutes"), [(0, 1), (1, 1), (200, 1), (201, 2), (400, 2), (401, 3), (2000, 10)]
)
def test_reading_time_is_200_words_a_minute_rounded_up_at_least_one(count, minutes):
    article = ArticleFactory(body=words(count))
    assert (article.word_count, article.reading_minutes) == (count, minutes)


def test_word_count_reads_the_text_not_the_markdown():
    body = "## Two words\n\n| a | b |\n|---|---|\n| c | d |\n\n- [link text](https://x.example/a/b)"
    # "Two words", "a b c d", "link text": 8 words; no "##", "|", "---", "-" or URL.
    assert ArticleFactory(body=body).word_count == 8


def test_html_and_contents_are_stored_at_save():
    article = ArticleFactory(body="## One\n\ntext\n\n### Half\n\n## Two\n\n### Deep\n\n### Deep")
    stored = Article.objects.get(pk=article.pk)
    assert stored.contents == [
        {"anchor": "one", "title": "One", "children": [{"anchor": "half", "title": "Half"}]},
        {
            "anchor": "two",
            "title": "Two",
            "children": [
                {"anchor": "deep", "title": "Deep"},
                {"anchor": "deep-2", "title": "Deep"},
            ],
        },
    ]
    assert '<h2 id="two">Two</h2>' in stored.body_html
    assert '<h3 id="deep-2">Deep</h3>' in stored.body_html


def test_contents_keep_third_level_headings_that_come_before_any_second_level_one():
    article = ArticleFactory(body="### Early\n\n## Main part\n\n### Later")
    assert article.contents == [
        {"anchor": "early", "title": "Early", "children": []},
        {
            "anchor": "main-part",
            "title": "Main part",
            "children": [{"anchor": "later", "title": "Later"}],
        },
    ]


def test_headings_never_take_an_id_the_page_uses():
    body = "\n\n".join(f"## {page_id.replace('-', ' ')}" for page_id in sorted(PAGE_IDS | {"main"}))
    anchors = {entry["anchor"] for entry in ArticleFactory(body=body).contents}
    assert not anchors & (PAGE_IDS | {"main"})


def test_saving_only_the_body_saves_what_derives_from_it():
    article = ArticleFactory(body="## Old\n\nshort")
    article.body = "## New\n\n" + words(450)
    article.save(update_fields=["body"])
    stored = Article.objects.get(pk=article.pk)
    assert stored.contents[0]["anchor"] == "new"
    assert 'id="new"' in stored.body_html and stored.reading_minutes == 3


def test_stored_fields_match_a_fresh_render():
    body = "## Über uns\n\n" + words(10)
    article = ArticleFactory(body=body)
    fresh = derived_from_body(body)
    assert (article.body_html, article.contents, article.word_count) == (
        fresh["body_html"],
        fresh["contents"],
        fresh["word_count"],
    )


class Elements(HTMLParser):
    def __init__(self, html):
        super().__init__()
        self.found = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, dict(attrs)))


def test_sanitising_removes_scripts_handlers_and_javascript_links():
    article = ArticleFactory(
        body=(
            "## Hi\n\n<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n"
            '[click](javascript:alert(1)) <a href="javascript:alert(2)">x</a> '
            "[ok](https://example.com)"
        )
    )
    elements = Elements(article.body_html).found
    assert {tag for tag, _ in elements} == {"h2", "p", "a"}
    assert [attrs["href"] for tag, attrs in elements if tag == "a"] == ["https://example.com"]
    assert not [name for _, attrs in elements for name in attrs if name.startswith("on")]
    assert "&lt;script&gt;" in article.body_html  # the text is shown, never run


def test_published_means_published_and_dated_in_the_past():
    shown = PublishedArticleFactory()
    ArticleFactory()
    PublishedArticleFactory(published_at=timezone.now() + timedelta(days=1))
    assert list(Article.objects.published()) == [shown]
    assert shown.is_public


def test_drafts_and_scheduled_articles_are_readable_by_article_staff_only():
    shown = PublishedArticleFactory()
    draft = ArticleFactory()
    scheduled = PublishedArticleFactory(published_at=timezone.now() + timedelta(days=1))
    assert not draft.is_public and not scheduled.is_public
    everything = {shown, draft, scheduled}
    assert set(Article.objects.readable_by(ModeratorFactory())) == everything
    assert set(Article.objects.readable_by(UserFactory(is_staff=True, is_superuser=True))) == (
        everything
    )
    # Employers are staff, but have nothing to do with articles.
    assert set(Article.objects.readable_by(EmployerFactory())) == {shown}
    assert set(Article.objects.readable_by(UserFactory())) == {shown}
    assert set(Article.objects.readable_by(AnonymousUser())) == {shown}
    assert set(Article.objects.readable_by(ModeratorFactory(is_active=False))) == {shown}


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


def test_the_feed_address_is_never_an_article_slug():
    assert ArticleFactory(title="Feed").slug == "feed-article"
    with pytest.raises(ValidationError) as caught:
        ArticleFactory.build(slug="feed").full_clean()
    assert [e.code for e in caught.value.error_dict["slug"]] == ["reserved_slug"]
    with pytest.raises(IntegrityError), transaction.atomic():
        ArticleFactory(slug="feed")


def related(article):
    return related_articles(
        article,
        role_ids=[role.pk for role in article.roles.all()],
        tag_ids=[tag.pk for tag in article.tags.all()],
    )


def test_related_articles_most_shared_first_then_newest_never_itself():
    engineer, scientist = RoleFactory(), RoleFactory()
    now = timezone.now()
    article = PublishedArticleFactory(published_at=now - timedelta(days=50))
    article.roles.add(engineer, scientist)
    article.tags.add("career", "pay")

    def published(days_ago, roles=(), tags=()):
        other = PublishedArticleFactory(published_at=now - timedelta(days=days_ago))
        other.roles.add(*roles)
        other.tags.add(*tags)
        return other

    three = published(40, roles=[engineer, scientist], tags=["pay"])
    two_old = published(30, roles=[engineer], tags=["career"])
    two_new = published(5, tags=["career", "pay"])
    one_new = published(1, roles=[scientist], tags=["elsewhere"])
    one_old = published(20, tags=["pay"])
    published(2, roles=[RoleFactory()], tags=["unrelated"])  # shares nothing
    draft = ArticleFactory()
    draft.roles.add(engineer)
    future = published(-3, roles=[engineer, scientist], tags=["career", "pay"])

    assert related(article) == [three, two_new, two_old, one_new, one_old]
    assert future not in related(article) and article not in related(article)


def test_related_articles_count_article_tags_not_job_tags():
    """Jobs and articles share taggit's table; a job's tags must not count for an article."""
    article = PublishedArticleFactory()
    article.tags.add("python")
    twin = PublishedArticleFactory()
    PublishedJobFactory(pk=twin.pk).tags.add("python")  # a job with the other article's id
    assert related(article) == []
    twin.tags.add("python")
    assert related(article) == [twin]


def test_related_articles_by_roles_alone_or_tags_alone():
    role = RoleFactory()
    by_role, by_tag = PublishedArticleFactory(), PublishedArticleFactory()
    by_role.roles.add(role)
    by_tag.tags.add("pay")
    only_roles = PublishedArticleFactory()
    only_roles.roles.add(role)
    only_tags = PublishedArticleFactory()
    only_tags.tags.add("pay")
    assert related(only_roles) == [by_role]
    assert related(only_tags) == [by_tag]


def test_related_articles_are_cards_at_most_the_limit_in_one_query(django_assert_num_queries):
    role = RoleFactory()
    article = PublishedArticleFactory()
    article.roles.add(role)
    article.tags.add("pay")
    for _ in range(4):
        other = PublishedArticleFactory(body="## Long\n\ntext")
        other.roles.add(role)
        other.tags.add("pay")
    with django_assert_num_queries(1):
        found = related_articles(article, role_ids=[role.pk], tag_ids=[], limit=3)
    assert len(found) == 3
    # A card's columns only: the bodies stay unread until asked for.
    assert {"body", "body_html", "contents"} <= found[0].get_deferred_fields()
    assert found[0].title and found[0].published_at and found[0].slug


def test_related_articles_leave_out_drafts_and_tie_on_the_newer_id():
    role = RoleFactory()
    now = timezone.now()
    article = PublishedArticleFactory()
    article.roles.add(role)
    # A draft with a date in the past is still a draft.
    draft = ArticleFactory(status=ArticleStatus.DRAFT, published_at=now - timedelta(days=1))
    draft.roles.add(role)
    same_moment = now - timedelta(days=2)
    first, second = (PublishedArticleFactory(published_at=same_moment) for _ in range(2))
    for other in (first, second):
        other.roles.add(role)
    assert related(article) == [second, first]


def test_an_article_with_neither_roles_nor_tags_has_no_related_articles():
    article = PublishedArticleFactory()
    PublishedArticleFactory()
    assert related(article) == []


def test_the_body_limit_is_a_setting_the_admin_states_and_enforces(admin_client, settings):
    settings.ARTICLE_BODY_MAX_LENGTH = 50
    url = reverse("admin:articles_article_add")
    assert "At most 50 characters." in admin_client.get(url).content.decode()
    data = {
        "title": "Salaries",
        "slug": "salaries",
        "summary": "Pay.",
        "body": "[" * 51,
        "author_name": "Ana",
        "status": "draft",
        "published_at_0": "",
        "published_at_1": "",
        "tags": "",
    }
    response = admin_client.post(url, data)
    assert "Ensure this value has at most 50 characters (it has 51)." in response.content.decode()
    assert not Article.objects.exists()
    article = ArticleFactory.build(body="[" * 51, summary="Bell\x07")
    with pytest.raises(ValidationError) as refused:
        article.full_clean()
    assert set(refused.value.message_dict) >= {"body", "summary"}


def test_a_roles_pages_list_its_three_newest_published_articles_without_their_bodies():
    role = RoleFactory()
    now = timezone.now()
    dated = [PublishedArticleFactory(published_at=now - timedelta(days=d)) for d in range(5)]
    draft = ArticleFactory()
    scheduled = PublishedArticleFactory(published_at=now + timedelta(days=1))
    PublishedArticleFactory()  # not about the role
    for article in (*dated, draft, scheduled):
        article.roles.add(role)
    shown = list(role.articles.beside_role())
    assert shown == dated[:ROLE_ARTICLES] and ROLE_ARTICLES == 3
    assert set(NOT_ON_CARDS) <= shown[0].get_deferred_fields()
