from django.views.generic import DetailView
from django_filters.views import FilterView

from articles.filters import ArticleFilter
from articles.models import Article
from jobs.models import Job
from salaries.views import FilterErrorStatusMixin

SIDEBAR_JOBS = 4


class ArticleListView(FilterErrorStatusMixin, FilterView):
    filterset_class = ArticleFilter
    template_name = "articles/article_list.html"
    paginate_by = 12

    def get_queryset(self):
        return Article.objects.published().newest_first()


class ArticleDetailView(DetailView):
    template_name = "articles/article_detail.html"

    def get_queryset(self):
        return Article.objects.published().prefetch_related("roles", "tags")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        roles = list(self.object.roles.all())
        featured = Job.objects.visible().featured().for_cards()
        # Featured jobs in the article's own roles first, then any others.
        in_roles = list(featured.filter(role__in=roles).newest_first()[:SIDEBAR_JOBS])
        others = featured.exclude(pk__in=[job.pk for job in in_roles]).newest_first()
        context["featured_jobs"] = in_roles + list(others[: SIDEBAR_JOBS - len(in_roles)])
        context["roles"] = roles
        return context
