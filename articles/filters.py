import django_filters
from django.db.models import Q
from taggit.models import Tag

from articles.models import Article
from salaries.models import Role
from web.widgets import QuickSelect

SEARCH_MAX_LENGTH = 100


# Callables, so that "published" is judged at each request, not once at import.
def roles_with_articles(request):
    return Role.objects.filter(articles__in=Article.objects.published()).distinct()


def tags_with_articles(request):
    return Tag.objects.filter(article__in=Article.objects.published()).distinct().order_by("name")


class ArticleFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        method="search", label="Search articles", max_length=SEARCH_MAX_LENGTH
    )
    role = django_filters.ModelChoiceFilter(
        field_name="roles",
        queryset=roles_with_articles,
        to_field_name="slug",
        empty_label="All roles",
        label="Role",
        widget=QuickSelect,
        error_messages={"invalid_choice": "No published article is about this role; pick one."},
    )
    tag = django_filters.ModelChoiceFilter(
        field_name="tags",
        queryset=tags_with_articles,
        to_field_name="slug",
        empty_label="All topics",
        label="Topic",
        widget=QuickSelect,
        error_messages={"invalid_choice": "No published article has this topic; pick one."},
    )

    class Meta:
        model = Article
        fields = ["q", "role", "tag"]

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(title__icontains=value) | Q(summary__icontains=value) | Q(body__icontains=value)
        )
