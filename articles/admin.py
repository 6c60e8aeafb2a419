from django.contrib import admin

from articles.models import Article


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["title", "author_name", "status", "published_at", "updated_at"]
    list_filter = ["status", ("roles", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["title", "summary", "body"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["roles"]
    date_hierarchy = "published_at"
