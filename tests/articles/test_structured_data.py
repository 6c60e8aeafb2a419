import json

import pytest

from articles.structured_data import article_data, article_json_ld
from tests.factories import ArticleFactory, PublishedArticleFactory

pytestmark = pytest.mark.django_db


def test_a_draft_has_no_publication_date_to_state():
    data = article_data(ArticleFactory(), url="u", site_url="s", roles=[], tags=[])
    assert "datePublished" not in data
    assert data["publisher"] == {"@type": "Organization", "name": "Jobboard", "url": "s"}


def test_the_json_text_is_safe_in_a_script_element():
    article = PublishedArticleFactory(title="</script> & more")
    text = str(article_json_ld(article, url="u", site_url="s", roles=[], tags=[]))
    assert "<" not in text and "&" not in text
    assert json.loads(text)["headline"] == "</script> & more"
    assert json.loads(text)["datePublished"] == article.published_at.isoformat()
