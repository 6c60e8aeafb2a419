"""schema.org Article for an article page, for search engines' rich results."""

from django.utils.safestring import SafeString

from web.json_script import json_for_script

SITE_NAME = "Jobboard"


def article_data(article, *, url: str, site_url: str, roles, tags) -> dict:
    data = {
        "@context": "https://schema.org",
        "@type": "Article",
        "headline": article.title,
        "description": article.summary,
        "url": url,
        "mainEntityOfPage": url,
        "dateModified": article.updated_at.isoformat(),
        "author": {"@type": "Person", "name": article.author_name},
        "publisher": {"@type": "Organization", "name": SITE_NAME, "url": site_url},
        "wordCount": article.word_count,
        "timeRequired": f"PT{article.reading_minutes}M",
        "about": [{"@type": "Occupation", "name": role.name} for role in roles],
        "keywords": [tag.name for tag in tags],
    }
    if article.published_at:
        data["datePublished"] = article.published_at.isoformat()
    return data


def article_json_ld(article, *, url: str, site_url: str, roles, tags) -> SafeString:
    """The JSON text, safe to place between <script type="application/ld+json"> tags."""
    data = article_data(article, url=url, site_url=site_url, roles=roles, tags=tags)
    return json_for_script(data)
