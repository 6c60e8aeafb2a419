from datetime import UTC, datetime, timedelta
from xml.etree import ElementTree

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import ArticleFactory, PublishedArticleFactory

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def feed(client):
    response = client.get(reverse("articles:feed"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    return ElementTree.fromstring(response.content)


def test_feed_lists_published_articles_newest_first(client):
    older = PublishedArticleFactory(
        title="Older", published_at=datetime(2023, 10, 12, 9, tzinfo=UTC)
    )
    newer = PublishedArticleFactory(
        title="Newer",
        summary="What <b>it</b> says & more",
        author_name="Priya Raman",
        published_at=datetime(2023, 12, 6, 9, tzinfo=UTC),
    )
    newer.tags.add("salaries", "statistics")
    ArticleFactory(title="Draft")
    PublishedArticleFactory(title="Scheduled", published_at=timezone.now() + timedelta(days=1))

    root = feed(client)
    assert root.findtext(f"{ATOM}title") == "Jobboard articles"
    entries = root.findall(f"{ATOM}entry")
    assert [entry.findtext(f"{ATOM}title") for entry in entries] == ["Newer", "Older"]
    first = entries[0]
    assert first.find(f"{ATOM}link").get("href") == f"http://testserver{newer.get_absolute_url()}"
    # The summary is marked as HTML: the reader shows the text, tags and all, never markup.
    assert first.find(f"{ATOM}summary").get("type") == "html"
    assert first.findtext(f"{ATOM}summary") == "What &lt;b&gt;it&lt;/b&gt; says &amp; more"
    assert first.findtext(f"{ATOM}author/{ATOM}name") == "Priya Raman"
    assert first.findtext(f"{ATOM}published") == "2023-12-06T09:00:00+00:00"
    assert {c.get("term") for c in first.findall(f"{ATOM}category")} == {
        "salaries",
        "statistics",
    }
    assert older.get_absolute_url() in entries[1].find(f"{ATOM}link").get("href")


def test_a_control_character_in_a_title_does_not_break_the_feed(client):
    PublishedArticleFactory(title="Bell\x07 and tab\tok", summary="Form\x0cfeed")
    [entry] = feed(client).findall(f"{ATOM}entry")
    assert entry.findtext(f"{ATOM}title") == "Bell and tab\tok"
    assert entry.findtext(f"{ATOM}summary") == "Form feed"  # a space where it spaced


def test_feed_is_linked_from_the_article_list(client):
    html = client.get(reverse("articles:list")).content.decode()
    assert f'href="{reverse("articles:feed")}"' in html
