from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Articles"

    def ready(self):
        from articles.models import Article
        from jobs.cache import forget_board

        # The home page and the sitemap are cached with the job pages; an article shows at once.
        post_save.connect(forget_board, sender=Article, dispatch_uid="forget-board-article")
        post_delete.connect(forget_board, sender=Article, dispatch_uid="forget-board-article-d")
