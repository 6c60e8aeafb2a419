import django_filters
from django.db.models import Q

from articles.models import Article
from salaries.models import Role


class ArticleFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label="Search articles")
    role = django_filters.ModelChoiceFilter(
        field_name="roles",
        queryset=Role.objects.filter(articles__isnull=False).distinct(),
        to_field_name="slug",
        empty_label="All roles",
    )

    class Meta:
        model = Article
        fields = ["q", "role"]

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(title__icontains=value) | Q(summary__icontains=value) | Q(body__icontains=value)
        )
