import json
import re
from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import PAGE_IDS
from articles.views import SIDEBAR_JOBS
from salaries.choices import ReviewState
from tests.factories import (
    ArticleFactory,
    EmployerFactory,
    FeaturedJobFactory,
    ModeratorFactory,
    PublishedArticleFactory,
    PublishedJobFactory,
    RoleFactory,
    SalaryRecordFactory,
)
from tests.filter_forms import assert_error_under_field, field_markup
from web import markdown as web_markdown

pytestmark = pytest.mark.django_db

JSON_LD = re.compile(
    r'<script type="application/ld\+json" nonce="(?P<nonce>[^"]*)">(?P<json>.*?)</script>', re.S
)


def salaries(role, *amounts):
    for amount in amounts:
        SalaryRecordFactory(role=role, amount_min=amount)


def test_article_page_has_every_block(client):
    engineer = RoleFactory(name="Data Engineer")
    salaries(engineer, 90_000, 100_000, 140_000, 150_000, 200_000)
    rare = RoleFactory(name="Data Archaeologist")
    salaries(rare, 100_000, 120_000)  # below the minimum of 5 points
    article = PublishedArticleFactory(
        title="What data engineers earn",
        body="## Pay\n\n" + "word " * 400 + "\n\n### Levels\n\ntext\n\n## Pay",
        published_at=datetime(2023, 12, 6, 9, tzinfo=UTC),
    )
    article.roles.add(engineer, rare)
    article.tags.add("salaries")
    in_role = FeaturedJobFactory(title="Staff Data Engineer", role=engineer)
    other = FeaturedJobFactory(title="Research Engineer")
    PublishedJobFactory(title="Not Featured", role=engineer)
    neighbour = PublishedArticleFactory(title="Reading percentiles")
    neighbour.tags.add("salaries")

    response = client.get(article.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert "3 min read · <time" in html and "Dec. 6, 2023</time>" in html  # 405 words
    assert '<a href="#pay">Pay</a>' in html and '<a href="#levels">Levels</a>' in html
    assert '<a href="#pay-2">Pay</a>' in html and '<h2 id="pay-2">Pay</h2>' in html
    assert (
        '<a class="salary-link" href="/salaries/data-engineer/">'
        "View salary info for Data Engineer (global)</a>" in html
    )
    assert [(role.name, summary.median) for role, summary in response.context["insights"]] == [
        ("Data Archaeologist", None),
        ("Data Engineer", 140_000),
    ]
    assert "<strong>USD 140K</strong>" in html and "5 data points" in html
    assert "View salary info for Data Archaeologist (global)" in html
    assert "Not enough data for a median yet" in html
    assert list(response.context["featured_jobs"]) == [in_role, other]
    assert "Not Featured" not in html
    assert list(response.context["related_articles"]) == [neighbour]
    assert "Related articles" in html and "Reading percentiles" in html


def test_salary_insights_count_accepted_current_figures_only(client):
    role = RoleFactory(name="Data Scientist")
    salaries(role, 100_000, 110_000, 120_000, 130_000)
    SalaryRecordFactory(role=role, amount_min=900_000, review_state=ReviewState.NEEDS_REVIEW)
    article = PublishedArticleFactory()
    article.roles.add(role)
    response = client.get(article.get_absolute_url())
    [(_, summary)] = response.context["insights"]
    assert (summary.n, summary.median) == (4, None)
    SalaryRecordFactory(role=role, amount_min=140_000)
    [(_, summary)] = client.get(article.get_absolute_url()).context["insights"]
    assert (summary.n, summary.median) == (5, 120_000)


def test_featured_jobs_of_the_articles_roles_come_first_up_to_five(client):
    role = RoleFactory()
    now = timezone.now()
    others = [
        FeaturedJobFactory(published_at=now - timedelta(hours=hours)) for hours in (1, 2, 3, 4)
    ]
    mine_old = FeaturedJobFactory(role=role, published_at=now - timedelta(days=9))
    mine_new = FeaturedJobFactory(role=role, published_at=now - timedelta(days=8))
    FeaturedJobFactory(role=role, featured_until=now - timedelta(days=1))  # no longer featured
    article = PublishedArticleFactory()
    article.roles.add(role)
    jobs = list(client.get(article.get_absolute_url()).context["featured_jobs"])
    assert SIDEBAR_JOBS == 5
    assert jobs == [mine_new, mine_old, *others[:3]]
    no_roles = PublishedArticleFactory()
    assert list(client.get(no_roles.get_absolute_url()).context["featured_jobs"]) == [
        *others,
        mine_new,
    ]


def test_related_articles_are_published_ranked_and_at_most_five(client):
    role = RoleFactory()
    now = timezone.now()
    article = PublishedArticleFactory(published_at=now - timedelta(days=30))
    article.roles.add(role)
    article.tags.add("pay")
    best = PublishedArticleFactory(published_at=now - timedelta(days=60))
    best.roles.add(role)
    best.tags.add("pay")
    newer = []
    for days in range(1, 6):
        sharing_one = PublishedArticleFactory(published_at=now - timedelta(days=days))
        sharing_one.tags.add("pay")
        newer.append(sharing_one)
    ArticleFactory().roles.add(role)  # a draft
    related = list(client.get(article.get_absolute_url()).context["related_articles"])
    assert related == [best, *newer[:4]]


def test_drafts_and_future_articles_are_not_public(client):
    draft = ArticleFactory(title="Secret draft")
    scheduled = PublishedArticleFactory(
        title="Coming soon", published_at=timezone.now() + timedelta(hours=1)
    )
    for article in (draft, scheduled):
        assert client.get(article.get_absolute_url()).status_code == 404
    listing = client.get(reverse("articles:list")).content.decode()
    assert "Secret draft" not in listing and "Coming soon" not in listing
    client.force_login(EmployerFactory())  # staff, but not an article editor
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_staff_preview_drafts_and_scheduled_articles_and_are_told_so(client):
    draft = ArticleFactory(title="Secret draft")
    when = timezone.now() + timedelta(days=3)
    scheduled = PublishedArticleFactory(published_at=when)
    client.force_login(ModeratorFactory())
    response = client.get(draft.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert "<strong>Preview.</strong>" in html and "This article is a draft" in html
    assert "not dated yet" in html
    assert '<meta name="robots" content="noindex">' in html
    assert response["X-Robots-Tag"] == "noindex"
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    html = client.get(scheduled.get_absolute_url()).content.decode()
    assert f"This article is scheduled for {when:%b}. {when.day}, {when.year}" in html
    public = PublishedArticleFactory()
    response = client.get(public.get_absolute_url())
    assert "Preview." not in response.content.decode() and "X-Robots-Tag" not in response


def test_sharing_meta_canonical_and_json_ld(client):
    role = RoleFactory(name="Data Engineer")
    title = 'Pay </script><script>alert("x")</script> & more'
    article = PublishedArticleFactory(
        title=title,
        summary="Short & sweet",
        author_name="Mara Lindqvist",
        body="word " * 450,
        published_at=datetime(2023, 12, 6, 9, tzinfo=UTC),
    )
    article.roles.add(role)
    article.tags.add("salaries")
    response = client.get(article.get_absolute_url())
    html = response.content.decode()
    url = f"http://testserver{article.get_absolute_url()}"
    assert f'<link rel="canonical" href="{url}">' in html
    assert f'<meta property="og:url" content="{url}">' in html
    assert '<meta property="og:type" content="article">' in html
    assert '<meta property="og:description" content="Short &amp; sweet">' in html
    assert '<meta name="twitter:card" content="summary">' in html
    assert '<meta name="twitter:title" content="Pay &lt;/script&gt;' in html
    assert '<meta property="article:tag" content="salaries">' in html
    assert 'href="http://testserver/articles/feed/"' in html
    assert "<script>alert" not in html  # the title never closes a script element

    [match] = JSON_LD.finditer(html)
    data = json.loads(match["json"])
    assert data["@type"] == "Article" and data["headline"] == title
    assert (data["url"], data["mainEntityOfPage"]) == (url, url)
    assert data["datePublished"] == "2023-12-06T09:00:00+00:00"
    assert data["author"] == {"@type": "Person", "name": "Mara Lindqvist"}
    assert (data["wordCount"], data["timeRequired"]) == (450, "PT3M")
    assert data["about"] == [{"@type": "Occupation", "name": "Data Engineer"}]
    nonce = match["nonce"]
    assert nonce and f"'nonce-{nonce}'" in response["Content-Security-Policy"]


def test_article_page_query_count_does_not_grow(client, django_assert_max_num_queries):
    def article_with(n):
        article = PublishedArticleFactory(body="## A\n\ntext\n\n### B\n\n## C")
        for _ in range(n):
            role = RoleFactory()
            salaries(role, 100_000, 110_000, 120_000, 130_000, 140_000)
            FeaturedJobFactory(role=role)
            article.roles.add(role)
            article.tags.add(f"tag {role.pk}")
            PublishedArticleFactory().roles.add(role)
        return article

    small, large = article_with(1), article_with(6)
    for article in (small, large):
        # the article, its roles, its tags, the salary figures, the ids of featured jobs in its
        # roles and (when fewer than five) of others, their cards, related articles
        with django_assert_max_num_queries(8):
            response = client.get(article.get_absolute_url())
        assert response.status_code == 200
    assert len(response.context["featured_jobs"]) == 5
    assert len(response.context["related_articles"]) == 5


def test_article_list_shows_reading_time_and_date(client):
    PublishedArticleFactory(
        title="Dated", body="word " * 250, published_at=datetime(2023, 12, 6, 9, tzinfo=UTC)
    )
    html = client.get(reverse("articles:list")).content.decode()
    assert "2 min read · <time" in html and "Dec. 6, 2023</time>" in html
    assert 'type="application/atom+xml"' in html


def test_article_list_search_and_role_filter(client):
    role = RoleFactory(name="Data Analyst")
    tagged = PublishedArticleFactory(title="Reading percentiles")
    tagged.roles.add(role)
    tagged.tags.add("statistics")
    PublishedArticleFactory(title="Remote work")
    url = reverse("articles:list")
    for query in ({"q": "percentile"}, {"role": role.slug}, {"tag": "statistics"}):
        response = client.get(url, query)
        assert [a.title for a in response.context["object_list"]] == ["Reading percentiles"]


def test_article_list_is_paginated_newest_first(client):
    now = timezone.now()
    for days in range(14):
        PublishedArticleFactory(title=f"Day {days}", published_at=now - timedelta(days=days + 1))
    url = reverse("articles:list")
    first = client.get(url)
    assert [a.title for a in first.context["object_list"]][:2] == ["Day 0", "Day 1"]
    assert len(first.context["object_list"]) == 12 and "Page 1 of 2" in first.content.decode()
    second = client.get(url, {"page": 2})
    assert [a.title for a in second.context["object_list"]] == ["Day 12", "Day 13"]
    assert client.get(url, {"page": "last"}).context["page_obj"].number == 2


@pytest.mark.parametrize(
    ("query", "status", "message"),
    [
        ({"role": "nope"}, 400, "No published article is about this role; pick one."),
        ({"tag": "nope"}, 400, "No published article has this topic; pick one."),
        ({"q": "x" * 5000}, 400, "Ensure this value has at most 100 characters"),
        ({"q": "data\x00"}, 400, "Null characters are not allowed."),
        ({"role": "\x00"}, 400, "Null characters are not allowed."),
        # web/pagination.py: the same answers as the job list's (0 and -3 were 404 here).
        ({"page": "abc"}, 400, "is not a page number, so this is page 1 (this list has 1 page)."),
        ({"page": "1.5"}, 400, "is not a page number"),
        ({"page": "9" * 5000}, 400, "is not a page number"),
        ({"page": "\x00"}, 400, "is not a page number"),
        ({"page": "0"}, 400, "is not a page number"),
        ({"page": "-3"}, 400, "is not a page number"),
        ({"page": "99999"}, 404, "There is no page 99,999: this list has 1 page."),
    ],
)
def test_article_list_explains_input_it_cannot_use(client, query, status, message):
    PublishedArticleFactory(title="Still listed").roles.add(RoleFactory())
    response = client.get(reverse("articles:list"), query)
    assert response.status_code == status
    assert message in response.content.decode()
    # As on /jobs/: what cannot be used is left out and named; the rest of the list still shows.
    assert "Still listed" in response.content.decode()


def test_a_page_past_the_end_shows_the_last_page(client):
    for _ in range(13):
        PublishedArticleFactory()
    response = client.get(reverse("articles:list"), {"page": 7})
    assert response.status_code == 404
    assert response.context["page_obj"].number == 2
    assert "There is no page 7: this list has 2 pages. This is the last one." in (
        response.content.decode()
    )


def test_article_list_query_count_does_not_grow(client, django_assert_max_num_queries):
    url = reverse("articles:list")
    for count in (1, 12):
        while PublishedArticleFactory._meta.model.objects.count() < count:
            article = PublishedArticleFactory()
            article.roles.add(RoleFactory())
            article.tags.add(f"tag {article.pk}")
        # role choices, topic choices, the count, the page
        with django_assert_max_num_queries(4):
            response = client.get(url, {"q": "Article"})
        assert len(response.context["object_list"]) == count


def test_every_id_on_the_article_page_is_unique_and_headings_avoid_the_pages_own(client):
    role = RoleFactory()
    salaries(role, 100_000, 110_000, 120_000, 130_000, 140_000)
    FeaturedJobFactory(role=role)
    own_ids = sorted(PAGE_IDS | web_markdown.PAGE_IDS)
    # A heading for each id the page uses itself, twice: none may take the page's id.
    body = "\n\n".join(f"## {page_id.replace('-', ' ')}" for page_id in own_ids * 2)
    article = PublishedArticleFactory(body=body)
    article.roles.add(role)
    PublishedArticleFactory().roles.add(role)
    html = client.get(article.get_absolute_url()).content.decode()
    ids = re.findall(r'\sid="([^"]+)"', html)
    assert len(ids) == len(set(ids))
    heading_ids = {entry["anchor"] for entry in article.contents}
    assert set(ids) - heading_ids <= set(own_ids)  # any new id in the template is reserved
    assert {"toc-heading", "insights-heading", "jobs-heading", "related-heading"} <= set(ids)


def test_each_filter_error_sits_under_its_own_field(client):
    PublishedArticleFactory(title="Still listed").roles.add(RoleFactory())
    html = client.get(reverse("articles:list"), {"role": "nope", "q": "x" * 101}).content.decode()
    assert "Some filters could not be used:" in html
    assert_error_under_field(html, "role", "No published article is about this role; pick one.")
    assert_error_under_field(html, "q", "Ensure this value has at most 100 characters")
    assert "field-error" not in field_markup(html, "tag")


def test_a_featured_job_without_a_role_is_among_the_others(client):
    role = RoleFactory()
    now = timezone.now()
    roleless = FeaturedJobFactory(role=None, published_at=now - timedelta(hours=1))
    mine = FeaturedJobFactory(role=role, published_at=now - timedelta(hours=2))
    article = PublishedArticleFactory()
    article.roles.add(role)
    assert list(client.get(article.get_absolute_url()).context["featured_jobs"]) == [
        mine,
        roleless,
    ]
