from django.contrib.syndication.views import Feed
from django.urls import reverse_lazy
from django.utils.html import escape

from articles.models import Article
from web.feeds import AtomFeed

FEED_ARTICLES = 20


class ArticleFeed(Feed):
    # Drops the characters XML cannot hold from every text (web/feeds.py).
    feed_type = AtomFeed
    title = "Jobboard articles"
    subtitle = "Careers and salaries in data and AI."
    link = reverse_lazy("articles:list")

    def items(self):
        return Article.objects.published().newest_first().prefetch_related("tags")[:FEED_ARTICLES]

    def item_title(self, article):
        return article.title

    def item_description(self, article):
        # Atom1Feed marks the summary as HTML; the summary is plain text, so it is escaped.
        return escape(article.summary)

    def item_author_name(self, article):
        return article.author_name

    def item_pubdate(self, article):
        return article.published_at

    def item_updateddate(self, article):
        return article.updated_at

    def item_categories(self, article):
        return [tag.name for tag in article.tags.all()]
