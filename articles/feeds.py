import re

from django.contrib.syndication.views import Feed
from django.urls import reverse_lazy
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape

from articles.models import Article

FEED_ARTICLES = 20
# XML 1.0 cannot carry these; one stray control character must not break the whole feed.
XML_UNSAFE = re.compile(r"[\x00-\x08\x0B\x0C\x0E-\x1F]")


def xml_safe(text: str) -> str:
    return XML_UNSAFE.sub("", text)


class ArticleFeed(Feed):
    feed_type = Atom1Feed
    title = "Jobboard articles"
    subtitle = "Careers and salaries in data and AI."
    link = reverse_lazy("articles:list")

    def items(self):
        return Article.objects.published().newest_first().prefetch_related("tags")[:FEED_ARTICLES]

    def item_title(self, article):
        return xml_safe(article.title)

    def item_description(self, article):
        # Atom1Feed marks the summary as HTML; the summary is plain text, so it is escaped.
        return escape(xml_safe(article.summary))

    def item_author_name(self, article):
        return xml_safe(article.author_name)

    def item_pubdate(self, article):
        return article.published_at

    def item_updateddate(self, article):
        return article.updated_at

    def item_categories(self, article):
        return [xml_safe(tag.name) for tag in article.tags.all()]
